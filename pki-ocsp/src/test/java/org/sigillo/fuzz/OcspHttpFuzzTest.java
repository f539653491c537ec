package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.Timeout;
import org.sigillo.ocsp.OcspHttpHandler;

/**
 * Fuzzes {@link OcspHttpHandler} with whole requests. An input is four lines, then the body:
 * the method, the Content-Type ({@code -} for none), the Content-Length header ({@code -} for
 * none), the path below {@code /ocsp}; a body {@code @T<n>} is template request {@code n} of
 * {@link OcspFixture}, and so is a path {@code /@T<n>} (base64 and URL-encoded, for GET). Every exchange gets exactly one status, 200, 405 or 413, and is closed;
 * a 200 is an {@code application/ocsp-response} whose body has the declared length and is an
 * OCSPResponse with an expected status (a wrong Content-Type gets malformedRequest).
 */
class OcspHttpFuzzTest {
    private static final List<Integer> STATUSES = List.of(200, 405, 413);

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void handle(byte[] input) throws IOException {
        run(input);
    }

    /** The property, for any input (also used by {@link OcspParsersFuzzTest}). */
    static void run(byte[] input) throws IOException {
        OcspFixture f = OcspFixture.get();
        String[] lines = new String[4];
        int p = 0;
        for (int i = 0; i < 4; i++) {
            int nl = indexOf(input, (byte) '\n', p);
            int end = nl < 0 ? input.length : nl;
            lines[i] = new String(input, p, end - p, StandardCharsets.ISO_8859_1);
            p = nl < 0 ? input.length : nl + 1;
        }
        byte[] body = Arrays.copyOfRange(input, p, input.length);
        if (body.length == 3 && body[0] == '@' && body[1] == 'T' && body[2] >= '0' && body[2] <= '2') {
            body = f.templates.get(body[2] - '0');
        }
        String method = lines[0];
        if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
            return; // not a token: the HTTP server refuses it before any handler
        }
        String path = lines[3];
        if (path.length() == 4 && path.startsWith("/@T") && path.charAt(3) >= '0' && path.charAt(3) <= '2') {
            path = "/" + URLEncoder.encode(Base64.getEncoder().encodeToString(
                    f.templates.get(path.charAt(3) - '0')), StandardCharsets.US_ASCII);
        }
        URI uri;
        try {
            uri = URI.create("http://localhost" + FakeExchange.CONTEXT + path);
        } catch (IllegalArgumentException e) {
            return; // not a request line the HTTP server would accept
        }
        if (lines[1].indexOf('\r') >= 0 || lines[2].indexOf('\r') >= 0) {
            return; // a header value cannot hold a line break: the HTTP server splits it first
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (!lines[1].equals("-")) {
            headers.put("Content-Type", lines[1]);
        }
        if (!lines[2].equals("-")) {
            headers.put("Content-Length", lines[2]);
        }
        FakeExchange exchange = new FakeExchange(method, uri, headers, body);
        f.handler.handle(exchange);

        assertEquals(1, exchange.statuses.size(), "statuses sent: " + exchange.statuses);
        int status = exchange.statuses.get(0);
        assertTrue(STATUSES.contains(status), "HTTP " + status);
        assertTrue(exchange.closed, "exchange not closed");
        if (!method.equals("GET") && !method.equals("POST")) {
            assertEquals(405, status);
        }
        if (status == 200) {
            assertEquals(OcspHttpHandler.RESPONSE_TYPE, exchange.getResponseHeaders().getFirst("Content-Type"));
            byte[] answer = exchange.responseBody();
            assertEquals(exchange.declaredLength, answer.length);
            int ocspStatus = OcspFixture.assertOcspResponse(answer);
            String type = lines[1].equals("-") ? null : lines[1];
            if (method.equals("POST") && type != null && !isOcspRequest(type)) {
                assertEquals(1, ocspStatus, "a POST of type " + type + " must get malformedRequest");
            }
        } else {
            assertEquals(0, exchange.responseBody().length);
        }
    }

    private static boolean isOcspRequest(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().equalsIgnoreCase(OcspHttpHandler.REQUEST_TYPE);
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
