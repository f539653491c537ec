package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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
                new OcspHttpHandler(f.responder, Clock.systemUTC()), 2);
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

    /**
     * Over the 16 KiB limit, yet within the 64 KiB the JDK's HTTP server drains from a request
     * before closing its connection: the client always reads the 413. (A larger unread body makes
     * the close a TCP reset, which may reach the client before the 413: see the next test.)
     */
    private static final int OVER_THE_LIMIT = 2 * OcspHttpHandler.DEFAULT_MAX_REQUEST_BYTES;

    @Test
    void aBodyOverTheLimitGets413WithOrWithoutContentLength() throws Exception {
        byte[] over = new byte[OVER_THE_LIMIT];
        assertEquals(413, post(HttpRequest.BodyPublishers.ofByteArray(over), "application/ocsp-request").statusCode());
        // chunked: no Content-Length, the bounded read decides
        assertEquals(413, post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over)),
                "application/ocsp-request").statusCode());
    }

    /**
     * 10 MB, declared or chunked: refused without being read. The server sends 413 and closes;
     * with megabytes still unread the close is a TCP reset, so the client sees the 413 or only the
     * reset, whichever wins the race. Either way nothing was buffered and the server goes on.
     */
    @Test
    void aHugeBodyIsRefusedUnreadAndTheServerGoesOn() throws Exception {
        byte[] big = new byte[TEN_MB];
        for (HttpRequest.BodyPublisher body : List.of(HttpRequest.BodyPublishers.ofByteArray(big),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))) {
            try {
                assertEquals(413, post(body, "application/ocsp-request").statusCode());
            } catch (IOException reset) {
                // refused by closing the connection: the 413 lost the race with the reset
            }
        }
        HttpResponse<byte[]> ok = post(HttpRequest.BodyPublishers.ofByteArray(OcspFixture.get().templates.get(0)),
                "application/ocsp-request");
        assertEquals(200, ok.statusCode());
        assertEquals(0, OcspFixture.assertOcspResponse(ok.body()));
    }

    @Test
    void aNestedBombOverHttpIsMalformedOr413() throws Exception {
        // under the 16 KiB limit: parsed and refused
        HttpResponse<byte[]> small = post(HttpRequest.BodyPublishers.ofByteArray(Asn1Bombs.nestedIndefinite(4000)),
                "application/ocsp-request");
        assertEquals(200, small.statusCode());
        assertArrayEquals(MALFORMED, small.body());
        // over it: refused unread (a bomb over the limit but within the server's 64 KiB drain, see above)
        byte[] over = Asn1Bombs.nestedDefinite(8_000);
        assertTrue(over.length > OcspHttpHandler.DEFAULT_MAX_REQUEST_BYTES && over.length < 64 * 1024, "bomb of " + over.length);
        assertEquals(413, post(HttpRequest.BodyPublishers.ofByteArray(over), "application/ocsp-request").statusCode());
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
