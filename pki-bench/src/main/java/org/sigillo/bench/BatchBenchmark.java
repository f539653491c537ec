package org.sigillo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaRole;
import org.sigillo.ca.CaSettings;
import org.sigillo.engine.BatchReport;
import org.sigillo.engine.EngineSettings;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;
import org.sigillo.hsm.SignerPool;
import org.sigillo.profile.EndEntityKeys;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;

/**
 * Certificates issued per second by the batch (end-entity key pair made in software, the
 * certificate signed by the workstation CA's key in SoftHSM2, sealed key and certificate
 * recorded in the embedded H2 store with their audit entries), against the raw cost of the
 * same key generation plus one SunPKCS11 signature with the same CA key, on 2 threads each
 * (the batch signs on 2 threads of its own; the raw loop runs on 2 JMH threads).
 *
 * <p>Run with {@code pki-bench/run-hsm-bench.sh BatchBenchmark}, which prepares the SoftHSM2
 * token before the JVM starts.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 3) // the JIT needs ~20 s before the batch's rate settles (see ./bench)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED", "-Xmx2g"})
public class BatchBenchmark {
    static final int PER_BATCH = 100;
    /**
     * The size of {@link #batchOf1000}'s batches. The guides run the batch every 5 to 30 minutes
     * over whatever was queued meanwhile (DOMAIN.md), so a batch is as large as the requests of
     * that interval: 100 is a quiet day, 1,000 a roll-out. Each batch pays once for reading its
     * queue, for the signatures of the first group before anything is recorded, and for the
     * recording of the last group after the signing has ended.
     */
    static final int LARGE_BATCH = 1_000;
    /** Workstation codes one ente can hold (NNNN runs 0001..9999); the benchmark moves to a new ente before that. */
    private static final int CODES_PER_ENTE = 9_900;

    /**
     * The batch's signing threads: 2, as the figure asks (the raw loop's 2 JMH threads).
     * {@code -jvmArgs -Dsigillo.bench.signingThreads=1 -t 1} gives the batch one signing
     * thread beside its recording thread on two cores, against the raw loop on one thread: what a
     * machine with a core more than signing threads would show (pki-bench/README.md, "Batch
     * issuance"). A system property, not a {@code @Param}, so that the figures keep the parameters
     * earlier runs were recorded with (a {@code --baseline} pairs figures by equal parameters).
     */
    static final int SIGNING_THREADS = Integer.getInteger("sigillo.bench.signingThreads", 2);

    /** One engine (vault, hierarchy, store) per trial. */
    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"EC_P256", "RSA_3072"})
        public KeySpec endEntityKey;

        KeyVault vault;
        Database db;
        Sigillo engine;
        Path dir;
        String caLabel;
        private int enti;
        private int queuedInEnte = CODES_PER_ENTE;
        private IstatCode ente;

        @Setup(Level.Trial)
        public void open() throws Exception {
            if (System.getenv("SOFTHSM2_CONF") == null) {
                throw new IllegalStateException("SOFTHSM2_CONF is not set: run pki-bench/run-hsm-bench.sh BatchBenchmark");
            }
            vault = KeyVault.openPkcs11(Pkcs11Settings.builder().module(SignerPoolBenchmark.MODULE)
                    .tokenLabel(SignerPoolBenchmark.TOKEN).pin(SignerPoolBenchmark.PIN.toCharArray()).build());
            String prefix = "b" + Long.toHexString(System.nanoTime());
            CaSettings settings = CaSettings.builder().labelPrefix(prefix).build();
            CaHierarchy ca = CaHierarchy.create(vault, settings, Clock.systemUTC());
            caLabel = settings.label(CaRole.WORKSTATION_CA);
            dir = Files.createTempDirectory("sigillo-batch-bench");
            db = Database.openH2(dir.resolve("db"));
            EngineSettings s = new EngineSettings(Clock.systemUTC(), endEntityKey, Duration.ofDays(1),
                    Duration.ofDays(60), dir.resolve("crl"), SIGNING_THREADS, 200, EngineSettings.DEFAULT_BATCH_GROUP, "bench");
            engine = Sigillo.open(db, ca, vault.sealer(prefix + "-kek"), s);
        }

        /** Queues {@code n} workstation requests, in a fresh ente whenever the current one's codes run out. */
        void queue(int n) {
            if (queuedInEnte + n > CODES_PER_ENTE) {
                enti++;
                ente = IstatCode.parse(String.format("%03d%03d", 1 + enti / 999, 1 + enti % 999));
                engine.enti().add(Ente.of(ente, "Comune di prova " + enti));
                queuedInEnte = 0;
            }
            for (int i = 0; i < n; i++) {
                engine.workstations().register(ente, Optional.empty());
            }
            queuedInEnte += n;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            engine.close();
            db.close();
            vault.close();
            // the store of one trial grows to gigabytes: leave nothing behind in the temporary directory
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The batch's queue, filled before each (timed) batch; only {@link #batch} uses it. */
    @State(Scope.Benchmark)
    public static class Queue {
        @Setup(Level.Invocation)
        public void fill(Engine e) {
            e.queue(PER_BATCH);
        }
    }

    /** {@link #batchOf1000}'s queue, filled with {@link #LARGE_BATCH} requests before each (timed) batch. */
    @State(Scope.Benchmark)
    public static class LargeQueue {
        @Setup(Level.Invocation)
        public void fill(Engine e) {
            e.queue(LARGE_BATCH);
        }
    }

    /** A raw SunPKCS11 signer on the same CA key, one per thread. */
    @State(Scope.Thread)
    public static class Raw {
        Signature signature;
        EndEntityKeys keys = new EndEntityKeys();
        byte[] tbs = new byte[600];

        @Setup(Level.Trial)
        public void open(Engine e) throws Exception {
            Provider p = Security.getProvider("SunPKCS11").configure("--name = batch-raw-" + Thread.currentThread().getId()
                    + "\nlibrary = " + SignerPoolBenchmark.MODULE + "\nslotListIndex = 0\n");
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, SignerPoolBenchmark.PIN.toCharArray());
            signature = Signature.getInstance("SHA256withECDSA", p);
            signature.initSign((PrivateKey) ks.getKey(e.caLabel, null));
            new SecureRandom().nextBytes(tbs);
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(PER_BATCH)
    public BatchReport batch(Engine e, Queue q) {
        return runBatch(e, PER_BATCH);
    }

    /** As {@link #batch}, over {@link #LARGE_BATCH} queued requests at a time. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(LARGE_BATCH)
    public BatchReport batchOf1000(Engine e, LargeQueue q) {
        return runBatch(e, LARGE_BATCH);
    }

    /** Runs one batch and checks that it issued all {@code queued} requests (a failed one would flatter the rate). */
    private static BatchReport runBatch(Engine e, int queued) {
        BatchReport r = e.engine.batch().run();
        if (r.issued().size() != queued) {
            throw new IllegalStateException("batch issued " + r.issued().size() + " of " + queued + ", failed " + r.failed());
        }
        return r;
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(PER_BATCH)
    public void rawKeygenAndSign(Engine e, Raw raw, Blackhole bh) throws Exception {
        for (int i = 0; i < PER_BATCH; i++) {
            bh.consume(raw.keys.generate(e.endEntityKey));
            raw.signature.update(raw.tbs);
            bh.consume(raw.signature.sign());
        }
    }

    /**
     * The same key generation plus one signature through the engine's own signer pool on the
     * workstation CA (digest in software, raw ECDSA in SoftHSM2): what the batch's signing threads
     * do at the least, without building, sealing or recording anything.
     */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(PER_BATCH)
    public void keygenAndPoolSign(Engine e, Raw raw, Blackhole bh) {
        SignerPool pool = e.engine.ca().workstationCa().signerPool();
        for (int i = 0; i < PER_BATCH; i++) {
            bh.consume(raw.keys.generate(e.endEntityKey));
            bh.consume(pool.sign(raw.tbs));
        }
    }
}
