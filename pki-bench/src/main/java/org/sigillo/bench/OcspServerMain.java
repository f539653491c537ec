package org.sigillo.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspHttpServer;

/**
 * Starts an OCSP HTTP server on loopback with benchmark data, for {@code wrk}: writes one DER
 * request (no nonce, a known good serial) to {@code <dir>/req.der} and the bound port to
 * {@code <dir>/port}, then serves until killed.
 *
 * <p>Usage: {@code OcspServerMain <dir> [threads]}; run through {@code pki-bench/run-ocsp-bench.sh http}.
 */
public final class OcspServerMain {
    private OcspServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OcspServerMain <dir> [threads]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Clock clock = Clock.systemUTC();
        OcspBenchData data = new OcspBenchData(1000, 1, clock);
        data.warm();
        OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                new OcspHttpHandler(data.responder, clock), threads);
        Files.write(dir.resolve("req.der"), data.plainRequests[0]);
        Path tmp = dir.resolve("port.tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, dir.resolve("port"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("OCSP server listening on " + server.url() + " with " + threads + " threads");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            data.close();
        }));
        new CountDownLatch(1).await();
    }
}
