package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;

/** The signer pool on a real SoftHSM2 token: many threads, exhaustion, health checks. */
class SignerPoolTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private static KeyVault open(PoolSettings pool) {
        SoftHsm.TestToken token = SoftHsm.get().freshToken();
        return KeyVault.openPkcs11(Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(token.label())
                .pin(SoftHsm.USER_PIN.toCharArray()).pool(pool).build());
    }

    @Test
    void sixteenThreadsSignThroughAPoolOfTwoAndEverySignatureVerifies() throws Exception {
        try (KeyVault vault = open(new PoolSettings(2, Duration.ofSeconds(30)))) {
            vault.generate("ec", KeySpec.EC_P256);
            vault.generate("rsa", KeySpec.RSA_3072);
            SignerPool ec = vault.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA);
            SignerPool rsa = vault.signerPool("rsa", SignatureAlgorithm.SHA256_WITH_RSA);
            assertSame(ec, vault.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA), "one pool per key and algorithm");
            int threads = 16;
            ExecutorService exec = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(exec.submit(() -> {
                    start.await();
                    int verified = 0;
                    for (int i = 0; i < 40; i++) {
                        boolean useRsa = i % 10 == 0;
                        SignerPool pool = useRsa ? rsa : ec;
                        byte[] data = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                        byte[] sig = pool.sign(data);
                        Signature v = Signature.getInstance(pool.algorithm().jcaName(), BC);
                        v.initVerify(pool.publicKey());
                        v.update(data);
                        if (v.verify(sig)) {
                            verified++;
                        }
                    }
                    return verified;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            exec.shutdown();
            assertEquals(threads * 40, total, "every concurrent signature verifies");
        }
    }

    @Test
    void signsAPrecomputedDigestAndRefusesOneOfTheWrongLength() throws Exception {
        try (KeyVault vault = open(new PoolSettings(1, Duration.ofSeconds(5)))) {
            for (KeySpec spec : new KeySpec[] {KeySpec.RSA_3072, KeySpec.EC_P384}) {
                String label = "digest-" + spec.name().toLowerCase();
                vault.generate(label, spec);
                SignatureAlgorithm alg = spec.defaultSignatureAlgorithm();
                SignerPool pool = vault.signerPool(label, alg);
                byte[] data = "pre-hashed elsewhere".getBytes(StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance(alg.digestAlgorithm()).digest(data);
                Signature v = Signature.getInstance(alg.jcaName());
                v.initVerify(pool.publicKey());
                v.update(data);
                assertTrue(v.verify(pool.signDigest(digest)), alg + " over a digest verifies as a signature over the data");
                assertThrows(IllegalArgumentException.class, () -> pool.signDigest(new byte[20]));
            }
        }
    }

    @Test
    void aHeldSignerExhaustsAPoolOfOneAfterTheTimeout() throws Exception {
        try (KeyVault vault = open(new PoolSettings(1, Duration.ofMillis(300)))) {
            vault.generate("ec", KeySpec.EC_P256);
            SignerPool pool = vault.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA);
            byte[] data = "data".getBytes(StandardCharsets.UTF_8);
            pool.sign(data);
            SignerPool.PooledSignature held = pool.borrow();
            long start = System.nanoTime();
            ExecutorService other = Executors.newSingleThreadExecutor();
            Future<HsmException> failure = other.submit(() -> assertThrows(HsmException.class, () -> pool.sign(data)));
            HsmException e = failure.get(10, TimeUnit.SECONDS);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(HsmFault.POOL_EXHAUSTED, e.fault(), e.getMessage());
            assertTrue(waitedMillis >= 250, "waited the borrow timeout, not less: " + waitedMillis + " ms");
            assertTrue(e.getMessage().contains("pool size 1"), e.getMessage());
            pool.giveBack(held, true);
            Future<byte[]> after = other.submit(() -> pool.sign(data));
            assertTrue(after.get(10, TimeUnit.SECONDS).length > 0, "signs again once the signer is returned");
            other.shutdown();
        }
    }

    @Test
    void healthCheckSignsAndVerifiesOnAHealthyVaultAndFailsTypedOnAClosedOne() {
        KeyVault vault = open(new PoolSettings(2, Duration.ofSeconds(5)));
        vault.generate("rsa", KeySpec.RSA_3072);
        SignerPool pool = vault.signerPool("rsa", SignatureAlgorithm.SHA256_WITH_RSA);
        HealthStatus healthy = pool.healthCheck();
        assertTrue(healthy.healthy(), () -> healthy.failure().map(Throwable::toString).orElse(""));
        assertTrue(healthy.failure().isEmpty());
        assertFalse(healthy.took().isNegative());
        vault.close();
        HealthStatus broken = pool.healthCheck();
        assertFalse(broken.healthy());
        assertEquals(HsmFault.CLOSED, broken.failure().orElseThrow().fault());
        HsmException e = assertThrows(HsmException.class, () -> pool.sign(new byte[32]));
        assertEquals(HsmFault.CLOSED, e.fault());
    }
}
