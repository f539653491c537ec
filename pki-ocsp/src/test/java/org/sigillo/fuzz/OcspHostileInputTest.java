package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspHttpServer;

/**
 * The OCSP responder and its HTTP binding on hostile input: 10 MB requests, 100,000 nested
 * SEQUENCEs (DER and BER), lengths claiming more than is sent, wrong content types. The
 * responder answers malformedRequest, the HTTP binding 413 or 200 with malformedRequest; never
 * a 500, an exception, a {@link StackOverflowError} or an {@link OutOfMemoryError}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OcspHostileInputTest {
    private static final byte[] MALFORMED = {0x30, 0x03, 0x0a, 0x01, 0x01};
    private static final int TEN_MB = 10 * 1024 * 1024;

    private static OcspHttpServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        OcspFixture f = OcspFixture.get();
        server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), FakeExchange.CONTEXT,
                new OcspHttpHandler(f.responder, java.time.Clock.systemUTC()), 2);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theResponderAnswersEveryBombMalformed() {
        byte[][] bombs = {
            Asn1Bombs.nestedDefinite(100_000),
            Asn1Bombs.nestedIndefinite(100_000),
            Asn1Bombs.element(0x30, TEN_MB, TEN_MB),
            Asn1Bombs.element(0x30, 0xFFFFFFFFL, 16),
            Asn1Bombs.element(0x30, Long.MAX_VALUE >>> 8, 16),
            new byte[TEN_MB],
            new byte[0],
            null,
        };
        for (byte[] bomb : bombs) {
            assertArrayEquals(MALFORMED, OcspFixture.get().responder.respond(bomb));
        }
    }

    @Test
    void aHugeBodyGets413WithOrWithoutContentLength() throws Exception {
        byte[] big = new byte[TEN_MB];
        assertEquals(413, post(HttpRequest.BodyPublishers.ofByteArray(big), "application/ocsp-request").statusCode());
        // chunked: no Content-Length, the bounded read decides
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.url()))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertEquals(413, http.send(chunked, HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    }

    @Test
    void aNestedBombOverHttpIsMalformedOr413() throws Exception {
        // under the 16 KiB limit: parsed and refused
        HttpResponse<byte[]> small = post(HttpRequest.BodyPublishers.ofByteArray(Asn1Bombs.nestedIndefinite(4000)),
                "application/ocsp-request");
        assertEquals(200, small.statusCode());
        assertArrayEquals(MALFORMED, small.body());
        // over it: refused unread
        assertEquals(413, post(HttpRequest.BodyPublishers.ofByteArray(Asn1Bombs.nestedDefinite(100_000)),
                "application/ocsp-request").statusCode());
        // as a GET path: too long to be a request
        String b64 = Base64.getUrlEncoder().encodeToString(Asn1Bombs.nestedIndefinite(4000));
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/" + b64)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        assertArrayEquals(MALFORMED, get.body());
    }

    @Test
    void wrongContentTypesGetMalformedRequest() throws Exception {
        byte[] valid = OcspFixture.get().templates.get(0);
        for (String type : new String[] {"text/plain", "application/ocsp-response", "application/x-www-form-urlencoded",
                "application/ocsp-requestx", "multipart/form-data; boundary=x", ";", "application/json"}) {
            HttpResponse<byte[]> r = post(HttpRequest.BodyPublishers.ofByteArray(valid), type);
            assertEquals(200, r.statusCode(), type);
            assertEquals(OcspHttpHandler.RESPONSE_TYPE, r.headers().firstValue("Content-Type").orElseThrow(), type);
            assertArrayEquals(MALFORMED, r.body(), type);
        }
        // the right type with parameters and in upper case is accepted
        HttpResponse<byte[]> ok = post(HttpRequest.BodyPublishers.ofByteArray(valid), "Application/OCSP-Request; q=1");
        assertEquals(200, ok.statusCode());
        assertEquals(0, OcspFixture.assertOcspResponse(ok.body()));
    }

    private static HttpResponse<byte[]> post(HttpRequest.BodyPublisher body, String type) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url())).header("Content-Type", type)
                .POST(body).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
