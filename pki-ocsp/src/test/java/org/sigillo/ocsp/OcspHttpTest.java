package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.testing.SoftHsm;

/**
 * The HTTP binding end to end: the real {@code openssl ocsp} client over POST, and the JDK
 * HttpClient for GET (OpenSSL's client only posts) and for malformed traffic.
 */
class OcspHttpTest {
    private static final byte[] MALFORMED = {0x30, 0x03, 0x0a, 0x01, 0x01};

    @TempDir
    static Path dir;
    private static OcspTestPki pki;
    private static OcspTestPki.Ca ca1;
    private static OcspTestPki.Ca ca2;
    private static OcspTestPki.Ca unserved;
    private static OcspHttpServer server;
    private static HttpClient http;
    private static Path rootPem;

    @BeforeAll
    static void start() {
        pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "HTTP CA 1", "HTTP CA 2", "Unserved CA");
        ca1 = pki.ca(0);
        ca2 = pki.ca(1);
        unserved = pki.ca(2);
        Clock clock = Clock.systemUTC(); // openssl checks thisUpdate/nextUpdate against the real time
        OcspResponder responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .issuer(ca1.issuer()).issuer(ca2.issuer()).build();
        server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                new OcspHttpHandler(responder, clock), 4);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        rootPem = OcspTestPki.pem(dir.resolve("root.pem"), pki.root());
        OcspTestPki.pem(dir.resolve("ca1.pem"), ca1.certificate());
        OcspTestPki.pem(dir.resolve("ca2.pem"), ca2.certificate());
        OcspTestPki.pem(dir.resolve("unserved.pem"), unserved.certificate());
    }

    @AfterAll
    static void stop() {
        server.close();
        pki.vault().close();
    }

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "ocsp"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl finished");
        return out;
    }

    /** Runs openssl ocsp for one certificate and returns its output, after checking the response verified. */
    private static String ask(String issuerPem, String certPem, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-issuer", issuerPem));
        args.addAll(List.of(extra));
        args.addAll(List.of("-cert", certPem, "-url", server.url(), "-CAfile", rootPem.toString(), "-resp_text"));
        String out = openssl(args.toArray(String[]::new));
        assertTrue(out.contains("Response verify OK"), out);
        assertFalse(out.contains("Responder Error"), out);
        return out;
    }

    private static String pem(String name, X509Certificate cert) {
        return OcspTestPki.pem(dir.resolve(name), cert).getFileName().toString();
    }

    @Test
    void opensslFollowsTheLifecycle() throws Exception {
        X509Certificate cert = ca1.issue("openssl-lifecycle");
        String x = pem("x.pem", cert);
        String out = ask("ca1.pem", x);
        assertTrue(out.contains(x + ": good"), out);
        assertTrue(out.contains("OCSP Nonce"), "nonce requested and echoed:\n" + out);
        assertFalse(out.contains("WARNING: no nonce in response"), out);
        assertTrue(out.contains("Responder Id: "), out);

        ca1.block(cert, Instant.parse("2026-01-15T09:00:00Z"));
        out = ask("ca1.pem", x, "-no_nonce");
        assertTrue(out.contains(x + ": revoked"), out);
        assertTrue(out.contains("Reason: certificateHold"), out);
        assertTrue(out.contains("Revocation Time: Jan 15 09:00:00 2026 GMT"), out);

        ca1.unblock(cert);
        out = ask("ca1.pem", x, "-no_nonce");
        assertTrue(out.contains(x + ": good"), out);
        assertFalse(out.contains("OCSP Nonce"), out);

        ca1.revoke(cert, Instant.parse("2026-02-01T12:00:00Z"), RevocationReason.CESSATION_OF_OPERATION);
        out = ask("ca1.pem", x);
        assertTrue(out.contains(x + ": revoked"), out);
        assertTrue(out.contains("Reason: cessationOfOperation"), out);
        out = ask("ca1.pem", x, "-no_nonce");
        assertTrue(out.contains(x + ": revoked"), out);
    }

    @Test
    void opensslSha256CertIdsAndSeveralCertificates() throws Exception {
        X509Certificate good = ca2.issue("openssl-good");
        X509Certificate blocked = ca2.issue("openssl-blocked");
        X509Certificate never = ca2.issueUnrecorded("openssl-never");
        ca2.block(blocked, Instant.now().minusSeconds(10));
        String g = pem("g.pem", good);
        String b = pem("b.pem", blocked);
        String n = pem("n.pem", never);
        String out = openssl("-issuer", "ca2.pem", "-sha256", "-cert", g, "-cert", b, "-cert", n,
                "-url", server.url(), "-CAfile", rootPem.toString(), "-resp_text");
        assertTrue(out.contains("Response verify OK"), out);
        assertTrue(out.contains(g + ": good"), out);
        assertTrue(out.contains(b + ": revoked"), out);
        assertTrue(out.contains("Reason: certificateHold"), out);
        assertTrue(out.contains(n + ": unknown"), out);
        assertTrue(out.contains("Hash Algorithm: sha256"), out);
    }

    @Test
    void opensslForAnUnservedCaGetsUnauthorized() throws Exception {
        X509Certificate cert = unserved.issue("elsewhere");
        String out = openssl("-issuer", "unserved.pem", "-cert", pem("u.pem", cert), "-url", server.url(),
                "-CAfile", rootPem.toString(), "-resp_text");
        assertTrue(out.contains("Responder Error: unauthorized (6)"), out);
    }

    private static HttpResponse<byte[]> get(String suffix) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/" + suffix)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url())).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void getCarriesRfc5019CacheHeaders() throws Exception {
        X509Certificate cert = ca1.issue("get");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        byte[] req = OcspRequests.request(null, id);
        String b64 = Base64.getEncoder().encodeToString(req);
        HttpResponse<byte[]> r = get(URLEncoder.encode(b64, StandardCharsets.US_ASCII));
        assertEquals(200, r.statusCode());
        assertEquals("application/ocsp-response", r.headers().firstValue("Content-Type").orElseThrow());
        BasicOCSPResp basic = OcspChecks.verified(r.body(), ca1);
        SingleResp s = basic.getResponses()[0];
        assertEquals(id, s.getCertID());
        assertEquals(CertificateStatus.GOOD, s.getCertStatus());

        String cc = r.headers().firstValue("Cache-Control").orElseThrow();
        Matcher m = Pattern.compile("max-age=(\\d+), public, no-transform, must-revalidate").matcher(cc);
        assertTrue(m.matches(), cc);
        long maxAge = Long.parseLong(m.group(1));
        long untilNext = Duration.between(Instant.now(), s.getNextUpdate().toInstant()).getSeconds();
        assertTrue(maxAge <= 3600 && Math.abs(maxAge - untilNext) <= 2, "max-age " + maxAge + " vs " + untilNext);
        DateTimeFormatter f = DateTimeFormatter.RFC_1123_DATE_TIME;
        for (String header : List.of("Last-Modified", "Expires")) { // RFC 7231 IMF-fixdate: two-digit day, GMT
            String v = r.headers().firstValue(header).orElseThrow();
            assertTrue(v.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), header + ": " + v);
        }
        assertEquals(s.getThisUpdate().toInstant(), ZonedDateTime.parse(r.headers().firstValue("Last-Modified").orElseThrow(), f).toInstant());
        assertEquals(s.getNextUpdate().toInstant(), ZonedDateTime.parse(r.headers().firstValue("Expires").orElseThrow(), f).toInstant());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        byte[] h = MessageDigest.getInstance("SHA-256").digest(r.body());
        assertEquals('"' + HexFormat.of().formatHex(h, 0, 16) + '"', etag);

        // the same request unencoded ('/', '+' and '=' left as they are) is the same pre-produced answer
        HttpResponse<byte[]> raw = get(b64);
        assertEquals(200, raw.statusCode());
        assertArrayEquals(r.body(), raw.body());
        assertEquals(etag, raw.headers().firstValue("ETag").orElseThrow());

        // after a block the next GET already says revoked, with a new ETag
        ca1.block(cert, Instant.now().minusSeconds(5));
        HttpResponse<byte[]> after = get(b64);
        RevokedStatus rs = assertInstanceOf(RevokedStatus.class, OcspChecks.verified(after.body(), ca1).getResponses()[0].getCertStatus());
        assertEquals(RevocationReason.CERTIFICATE_HOLD.code(), rs.getRevocationReason());
        assertFalse(etag.equals(after.headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void postAnswersWithoutCacheHeaders() throws Exception {
        X509Certificate cert = ca2.issue("post");
        byte[] req = OcspRequests.request(new byte[] {9, 8, 7, 6, 5, 4, 3, 2}, OcspRequests.sha256(ca2.certificate(), cert.getSerialNumber()));
        HttpResponse<byte[]> r = post(req, "application/ocsp-request");
        assertEquals(200, r.statusCode());
        assertEquals("application/ocsp-response", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(CertificateStatus.GOOD, OcspChecks.verified(r.body(), ca2).getResponses()[0].getCertStatus());
        assertEquals("no-cache, no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        // without a Content-Type (some clients omit it) the body is still read as a request
        assertEquals(200, post(req, null).statusCode());
        assertNotNull(OcspChecks.verified(post(req, null).body(), ca2));
    }

    @Test
    void malformedTrafficNeverGets500() throws Exception {
        X509Certificate cert = ca1.issue("malformed");
        byte[] valid = OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber()));
        List<byte[]> bodies = List.of(new byte[0], "garbage, not DER".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(valid, valid.length - 3), new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f});
        for (byte[] body : bodies) {
            HttpResponse<byte[]> r = post(body, "application/ocsp-request");
            assertEquals(200, r.statusCode());
            assertArrayEquals(MALFORMED, r.body());
        }
        // wrong content type
        HttpResponse<byte[]> wrongType = post(valid, "text/plain");
        assertEquals(200, wrongType.statusCode());
        assertArrayEquals(MALFORMED, wrongType.body());
        // over 16 KiB: with a Content-Length, and chunked without one
        assertEquals(413, post(new byte[20 * 1024], "application/ocsp-request").statusCode());
        HttpResponse<byte[]> chunked = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[40 * 1024]))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(413, chunked.statusCode());
        // GET with a path that is not base64, or no request at all
        for (String bad : List.of("%25%25%25", "not*base64!", "AAAA", "%25ZZ", "")) {
            HttpResponse<byte[]> r = get(bad);
            assertEquals(200, r.statusCode(), bad);
            assertArrayEquals(MALFORMED, r.body(), bad);
        }
        // a raw request line with a broken percent escape, which HttpClient refuses to send
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /ocsp/%ZZ%G HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n")[0];
            assertTrue(status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.1 400"), status);
        }
        // other methods
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(valid)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, POST", r.headers().firstValue("Allow").orElseThrow());
        }
        // and the server still answers properly afterwards
        assertEquals(CertificateStatus.GOOD, OcspChecks.verified(post(valid, "application/ocsp-request").body(), ca1)
                .getResponses()[0].getCertStatus());
    }

    @Test
    void serverReportsItsEphemeralPort() throws IOException {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/ocsp", server.url());
    }
}
