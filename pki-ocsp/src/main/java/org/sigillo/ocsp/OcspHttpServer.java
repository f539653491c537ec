package org.sigillo.ocsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-alone OCSP HTTP server on the JDK's built-in {@link HttpServer}, serving one
 * {@link OcspHttpHandler} under one path with a fixed pool of worker threads. Bind to port 0
 * for an ephemeral port and read it back with {@link #port()}. Starting one turns on TCP_NODELAY
 * for the JDK's HTTP server (system property {@code sun.net.httpserver.nodelay}) and bounds the
 * time a client may take to send its request to {@value #MAX_REQUEST_SECONDS} seconds
 * ({@code sun.net.httpserver.maxReqTime}), unless each property was set already.
 */
public final class OcspHttpServer implements AutoCloseable {
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    /** How long a client may take to send a whole request (line, headers, body), in seconds. */
    static final int MAX_REQUEST_SECONDS = 10;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String path;

    private OcspHttpServer(HttpServer server, ExecutorService executor, String path) {
        this.server = server;
        this.executor = executor;
        this.path = path;
    }

    /**
     * Binds and starts a server.
     *
     * @param address where to listen (port 0: any free port)
     * @param path    the context path, for example {@code /ocsp}
     * @param handler the OCSP handler
     * @param threads worker threads (1..256)
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static OcspHttpServer start(InetSocketAddress address, String path, OcspHttpHandler handler, int threads) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/")) {
            throw new InvalidOcspConfigurationException("the context path must start with '/', was " + path);
        }
        if (threads < 1 || threads > 256) {
            throw new InvalidOcspConfigurationException("threads must be 1..256, was " + threads);
        }
        // The JDK server writes the headers and the body of an answer as two TCP segments; with
        // Nagle's algorithm on, the body then waits for the client's delayed ACK (40 ms on Linux),
        // capping a keep-alive connection at ~25 answers/s. The server reads this switch once, when
        // its first instance is created; an embedding application that mounts OcspHttpHandler on
        // its own server should set it too (-Dsun.net.httpserver.nodelay=true).
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        // The JDK server hands a connection to a worker thread as soon as its first byte arrives,
        // and the worker then blocks reading the request line, the headers and the body. By default
        // that read has no time limit, so as many stalled clients as there are workers (one byte
        // each; `sigillo ocsp serve` runs 4) stopped every answer for as long as they stayed
        // connected. With maxReqTime the server closes a connection whose request is not in after
        // that time, which frees its worker. Read once, like nodelay, by the first server created.
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, Integer.toString(MAX_REQUEST_SECONDS));
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "ocsp-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
        server.createContext(path, handler);
        server.setExecutor(executor);
        server.start();
        return new OcspHttpServer(server, executor, path);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The bound port (the ephemeral one when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL clients use, for example {@code http://127.0.0.1:43211/ocsp}. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = '[' + host + ']';
        }
        return "http://" + host + ':' + a.getPort() + path;
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, and stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
