package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;

/**
 * A client that opens a connection and sends a request slowly (or stops half-way) must not hold
 * one of the server's few worker threads for ever: `sigillo ocsp serve` runs 4 of them, so 4 such
 * connections (one byte each) stopped every OCSP answer for as long as they stayed open.
 */
class OcspSlowClientTest {
    @Test
    void fourStalledConnectionsDoNotStopTheResponder() throws Exception {
        OcspTestPki pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "Slow CA");
        OcspTestPki.Ca ca = pki.ca(0);
        Clock clock = Clock.systemUTC();
        OcspResponder responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1)).issuer(ca.issuer()).build();
        List<Socket> stalled = new ArrayList<>();
        try (OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                new OcspHttpHandler(responder, clock), 4)) {
            // as many stalled clients as `sigillo ocsp serve` has workers: two stop inside the
            // request line, two after the headers of a POST whose body never comes
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                stalled.add(s);
                OutputStream out = s.getOutputStream();
                out.write((i < 2 ? "G" : "POST /ocsp HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\n"
                        + "Content-Length: 100\r\n\r\n0").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            Thread.sleep(500);
            X509Certificate cert = ca.issue("slow");
            byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca.certificate(), cert.getSerialNumber()));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // a request that waited in the queue as long as the stalled ones may be closed with them
            // when the server sweeps overdue requests (every second, after 10 s): the responder must
            // answer again within 40 s while the stalled clients stay connected; without the bound
            // it never does
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            HttpResponse<byte[]> r = null;
            IOException last = null;
            while (r == null && System.nanoTime() < deadline) {
                try {
                    r = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                            .timeout(Duration.ofSeconds(15))
                            .header("Content-Type", OcspHttpHandler.REQUEST_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) { // reset with the overdue ones, or timed out
                    last = e;
                }
            }
            if (r == null) {
                throw new AssertionError("no answer within 40 s while four clients stalled", last);
            }
            assertEquals(200, r.statusCode());
            assertEquals(CertificateStatus.GOOD, OcspChecks.verified(r.body(), ca).getResponses()[0].getCertStatus());
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
            pki.vault().close();
        }
    }
}
