package org.sigillo.bench;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;
import org.sigillo.hsm.SignerPool;

/**
 * HSM signatures per second through Sigillo's {@link SignerPool} (digest in software, raw
 * signature in the token, pooled sessions) against the plainest SunPKCS11 use: one
 * {@code SHA256withRSA} / {@code SHA256withECDSA} {@link Signature} per thread, hashing inside
 * the token. Both sign the same 32..100-byte messages with the same SoftHSM2 key.
 *
 * <p>Run with {@code pki-bench/run-signer-bench.sh}, which prepares the SoftHSM2 token and
 * {@code SOFTHSM2_CONF} before the JVM starts (SoftHSM2 reads it once per process); thread
 * counts with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED")
public class SignerPoolBenchmark {
    /** The token the launcher script initialises. */
    static final String TOKEN = "sigillo-bench";
    static final String PIN = "87654321";
    static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final int MESSAGES = 64;

    /** One vault and one key for the whole trial, plus a plain SunPKCS11 provider logged in to the same token. */
    @State(Scope.Benchmark)
    public static class Hsm {
        @Param({"RSA_3072", "EC_P256"})
        public KeySpec key;

        KeyVault vault;
        SignerPool pool;
        Provider raw;
        PrivateKey rawKey;

        @Setup(Level.Trial)
        public void open() throws Exception {
            if (System.getenv("SOFTHSM2_CONF") == null) {
                throw new IllegalStateException("SOFTHSM2_CONF is not set: run pki-bench/run-signer-bench.sh");
            }
            vault = KeyVault.openPkcs11(Pkcs11Settings.builder().module(MODULE).tokenLabel(TOKEN)
                    .pin(PIN.toCharArray()).build());
            String label = "bench-" + key.name().toLowerCase();
            if (vault.find(label).isEmpty()) {
                vault.generate(label, key);
            }
            pool = vault.signerPool(label, key.defaultSignatureAlgorithm());
            // The launcher makes exactly one token, so it is the first slot.
            raw = Security.getProvider("SunPKCS11").configure("--name = bench-raw\nlibrary = " + MODULE + "\nslotListIndex = 0\n");
            KeyStore ks = KeyStore.getInstance("PKCS11", raw);
            ks.load(null, PIN.toCharArray());
            rawKey = (PrivateKey) ks.getKey(label, null);
            if (rawKey == null) {
                throw new IllegalStateException("the plain provider does not see key " + label);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            vault.close();
        }
    }

    /** Per thread: the plain SunPKCS11 signer and the messages, 32..100 bytes each. */
    @State(Scope.Thread)
    public static class PerThread {
        Signature rawSignature;
        byte[][] messages;
        int next;

        @Setup(Level.Trial)
        public void prepare(Hsm hsm) throws Exception {
            rawSignature = Signature.getInstance(hsm.key.defaultSignatureAlgorithm().jcaName(), hsm.raw);
            rawSignature.initSign(hsm.rawKey);
            SecureRandom random = new SecureRandom();
            messages = new byte[MESSAGES][];
            for (int i = 0; i < MESSAGES; i++) {
                messages[i] = new byte[32 + random.nextInt(69)];
                random.nextBytes(messages[i]);
            }
        }

        byte[] message() {
            byte[] m = messages[next];
            next = (next + 1) & (MESSAGES - 1);
            return m;
        }
    }

    @Benchmark
    public byte[] pool(Hsm hsm, PerThread thread) {
        return hsm.pool.sign(thread.message());
    }

    @Benchmark
    public byte[] rawSunPkcs11(PerThread thread) throws Exception {
        Signature s = thread.rawSignature;
        s.update(thread.message());
        return s.sign();
    }
}
