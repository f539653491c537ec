package org.sigillo.ocsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTP binding of an {@link OcspResponder} (RFC 6960 appendix A, RFC 5019), as an
 * {@link HttpHandler} to mount on any context of a JDK {@code HttpServer}: POST with an
 * {@code application/ocsp-request} body to the context path, or GET on
 * {@code <context>/<url-encoded base64 of the DER request>}.
 *
 * <p>Answers are {@code application/ocsp-response} with HTTP 200, including OCSP-level refusals
 * (malformedRequest, unauthorized, ...). Successful GET answers carry RFC 5019 cache headers
 * ({@code Cache-Control: max-age=<seconds until nextUpdate>, public, no-transform,
 * must-revalidate}, {@code Last-Modified}, {@code Expires}, {@code ETag}). A body over the size
 * limit is refused with 413, a method other than GET/POST with 405; a POST whose Content-Type is
 * present and not {@code application/ocsp-request} gets malformedRequest (an absent
 * Content-Type is accepted, as some clients omit it). Never a 500: the responder never throws,
 * and the handler answers no other status.
 */
public final class OcspHttpHandler implements HttpHandler {
    /** The request content type. */
    public static final String REQUEST_TYPE = "application/ocsp-request";
    /** The response content type. */
    public static final String RESPONSE_TYPE = "application/ocsp-response";
    /** Default request size limit: 16 KiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024;

    /** RFC 7231 IMF-fixdate (two-digit day, always GMT); {@code RFC_1123_DATE_TIME} writes a one-digit day. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);
    private static final byte[] MALFORMED = OcspResponseStatus.MALFORMED_REQUEST.bareResponse();

    private final OcspResponder responder;
    private final Clock clock;
    private final int maxRequestBytes;

    /**
     * @param responder       answers the requests
     * @param clock           for max-age (the same clock as the responder's)
     * @param maxRequestBytes the largest request accepted, in bytes (at least 64)
     */
    public OcspHttpHandler(OcspResponder responder, Clock clock, int maxRequestBytes) {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxRequestBytes < 64) {
            throw new InvalidOcspConfigurationException("request size limit must be at least 64 bytes, was " + maxRequestBytes);
        }
        this.maxRequestBytes = maxRequestBytes;
    }

    /** A handler with the default 16 KiB request size limit. */
    public OcspHttpHandler(OcspResponder responder, Clock clock) {
        this(responder, clock, DEFAULT_MAX_REQUEST_BYTES);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if ("POST".equals(method)) {
                post(exchange);
            } else if ("GET".equals(method)) {
                get(exchange);
            } else {
                drain(exchange);
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                exchange.sendResponseHeaders(405, -1);
            }
        } catch (IOException e) {
            throw e; // the connection broke: the server closes it, nothing to answer
        } catch (RuntimeException e) {
            // Not expected (the responder never throws); the exchange is closed without a 500.
            System.getLogger(OcspHttpHandler.class.getName()).log(System.Logger.Level.ERROR, "OCSP HTTP exchange failed", e);
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !isOcspRequestType(type)) {
            drain(exchange);
            send(exchange, MALFORMED, null, false);
            return;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && tooLong(length)) {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(413, -1);
            return;
        }
        byte[] body = readLimited(exchange.getRequestBody());
        if (body == null) {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(413, -1);
            return;
        }
        OcspReply reply = responder.answer(body);
        send(exchange, reply.sharedDer(), reply, false);
    }

    private void get(HttpExchange exchange) throws IOException {
        drain(exchange);
        byte[] der = decodePath(exchange);
        if (der == null) {
            send(exchange, MALFORMED, null, true);
            return;
        }
        if (der.length > maxRequestBytes) {
            exchange.sendResponseHeaders(413, -1);
            return;
        }
        OcspReply reply = responder.answer(der);
        send(exchange, reply.sharedDer(), reply, true);
    }

    /** The DER request in the GET path below the context, or null when it is not there or not base64. */
    private byte[] decodePath(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        String context = exchange.getHttpContext().getPath();
        if (raw == null || !raw.startsWith(context)) {
            return null;
        }
        String rest = raw.substring(context.length());
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        if (rest.isEmpty() || rest.length() > 4 * maxRequestBytes) {
            return null;
        }
        String b64 = percentDecode(rest);
        if (b64 == null) {
            return null;
        }
        try {
            if (b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(b64);
            }
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent-decoding of a path segment: '+' stays '+' (it is base64, not a form). */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void send(HttpExchange exchange, byte[] body, OcspReply reply, boolean get) throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", RESPONSE_TYPE);
        if (get && reply != null && reply.cacheable()) {
            Instant now = clock.instant();
            Instant next = reply.nextUpdate().get();
            long maxAge = Math.max(0, Duration.between(now, next).getSeconds());
            h.set("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
            h.set("Last-Modified", HTTP_DATE.format(reply.thisUpdate().get()));
            h.set("Expires", HTTP_DATE.format(next));
            h.set("ETag", reply.etag());
        } else {
            h.set("Cache-Control", "no-cache, no-store");
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxRequestBytes;
        } catch (NumberFormatException e) {
            return false; // let the bounded read decide
        }
    }

    /** The body, or null when it is longer than the limit. */
    private byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] buf = new byte[4096];
        int total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxRequestBytes) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean isOcspRequestType(String type) {
        int semi = type.indexOf(';');
        String base = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return REQUEST_TYPE.equals(base);
    }

    private void drain(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] buf = new byte[4096];
        long left = maxRequestBytes;
        int n;
        while (left > 0 && (n = in.read(buf)) > 0) {
            left -= n;
        }
    }
}
