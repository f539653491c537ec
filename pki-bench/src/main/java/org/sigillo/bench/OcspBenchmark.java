package org.sigillo.bench;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OCSP responder throughput in process, through {@code OcspResponder.respond(byte[])}:
 * {@code cached} asks again and again for {@code serials} pre-warmed certificates without nonce
 * (pre-produced answers), {@code fresh} sends requests with distinct nonces, each answer signed
 * anew by the delegated signer key in SoftHSM2. Each on 1 and 2 threads.
 *
 * <p>Run with {@code pki-bench/run-ocsp-bench.sh jmh} (it prepares the SoftHSM2 token).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED", "-Xmx1g"})
public class OcspBenchmark {

    /** The responder and its requests, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Responder {
        @Param({"1000"})
        public int serials;

        OcspBenchData data;

        @Setup(Level.Trial)
        public void setUp() {
            data = new OcspBenchData(serials, 4096, Clock.systemUTC());
            data.warm();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            data.close();
        }
    }

    /** Each thread's position in the request arrays. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @Threads(1)
    public byte[] cached(Responder r, Cursor c) {
        byte[][] reqs = r.data.plainRequests;
        return r.data.responder.respond(reqs[c.next++ % reqs.length]);
    }

    @Benchmark
    @Threads(2)
    public byte[] cachedTwoThreads(Responder r, Cursor c) {
        return cached(r, c);
    }

    @Benchmark
    @Threads(1)
    public byte[] fresh(Responder r, Cursor c) {
        byte[][] reqs = r.data.nonceRequests;
        return r.data.responder.respond(reqs[c.next++ % reqs.length]);
    }

    @Benchmark
    @Threads(2)
    public byte[] freshTwoThreads(Responder r, Cursor c) {
        return fresh(r, c);
    }
}
