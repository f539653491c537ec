package org.sigillo.hsm;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A bounded pool of signers for one key, safe for many threads. Each signer is a JCA
 * {@link Signature} bound to the key holder (one PKCS#11 session on a token); a caller borrows
 * one only for the single raw signature over a digest computed in software, and waits at most
 * the configured timeout for a free one.
 *
 * <p>When the token goes away, the failing signer is dropped and the vault reconnects; the
 * call is retried once on the new connection, so signing works again without a restart as
 * soon as the token is back.
 */
public final class SignerPool {
    private final String label;
    private final SignatureAlgorithm algorithm;
    private final PublicKey publicKey;
    private final PoolSettings settings;
    private final SignerSource source;
    private final MessageDigest digestPrototype;
    private final Semaphore permits;
    private final ArrayBlockingQueue<PooledSignature> idle;

    SignerPool(String label, SignatureAlgorithm algorithm, PublicKey publicKey, PoolSettings settings, SignerSource source) {
        this.label = label;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.settings = settings;
        this.source = source;
        this.permits = new Semaphore(settings.size(), true);
        this.idle = new ArrayBlockingQueue<>(settings.size());
        try {
            this.digestPrototype = MessageDigest.getInstance(algorithm.digestAlgorithm(), "SUN");
        } catch (GeneralSecurityException e) {
            throw new HsmException(HsmFault.UNSUPPORTED, "digest " + algorithm.digestAlgorithm() + " unavailable", e);
        }
    }

    /** The label of the key this pool signs with. */
    public String label() {
        return label;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The public half of the key, to verify what this pool signs. */
    public PublicKey publicKey() {
        return publicKey;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** Signs {@code data}: digest in software, signature by the key holder. */
    public byte[] sign(byte[] data) {
        MessageDigest md = newDigest();
        return signDigest(md.digest(data));
    }

    /**
     * Signs a digest already computed with {@link SignatureAlgorithm#digestAlgorithm()}.
     *
     * @throws HsmException {@link HsmFault#POOL_EXHAUSTED} when no signer frees up in time, or
     *         the fault of the key holder
     * @throws IllegalArgumentException when the digest has the wrong length
     */
    public byte[] signDigest(byte[] digest) {
        byte[] tbs = algorithm.toBeSigned(digest);
        long generation = source.generation();
        try {
            return signOnce(tbs);
        } catch (HsmException e) {
            if (e.fault() != HsmFault.TOKEN_UNAVAILABLE) {
                throw e;
            }
            // The token went away under us: the source reconnects (or fails typed), then one retry.
            source.recover(generation);
            return signOnce(tbs);
        }
    }

    private byte[] signOnce(byte[] tbs) {
        PooledSignature signer = borrow();
        boolean healthy = false;
        try {
            signer.signature().update(tbs);
            byte[] sig = signer.signature().sign();
            healthy = true;
            return sig;
        } catch (SignatureException | RuntimeException e) {
            throw source.translate(e, "signing with key '" + label + "'");
        } finally {
            giveBack(signer, healthy);
        }
    }

    /**
     * A Bouncy Castle {@link ContentSigner} over this pool, for one signature: the content is
     * digested as it is written, and a signer is borrowed only inside {@code getSignature()}.
     */
    public ContentSigner contentSigner() {
        MessageDigest md = newDigest();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                md.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                md.update(b, off, len);
            }
        };
        AlgorithmIdentifier id = algorithm.identifier();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return out;
            }

            @Override
            public byte[] getSignature() {
                return signDigest(md.digest());
            }
        };
    }

    /** Makes a real test signature over random data and verifies it with the public key. */
    public HealthStatus healthCheck() {
        long start = System.nanoTime();
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            byte[] sig = sign(challenge);
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(sig)) {
                return new HealthStatus(false, Duration.ofNanos(System.nanoTime() - start),
                        Optional.of(new HsmException(HsmFault.DEVICE_ERROR,
                                "test signature with key '" + label + "' did not verify")));
            }
            return new HealthStatus(true, Duration.ofNanos(System.nanoTime() - start), Optional.empty());
        } catch (HsmException e) {
            return new HealthStatus(false, Duration.ofNanos(System.nanoTime() - start), Optional.of(e));
        } catch (GeneralSecurityException | RuntimeException e) {
            return new HealthStatus(false, Duration.ofNanos(System.nanoTime() - start),
                    Optional.of(new HsmException(HsmFault.DEVICE_ERROR, "verifying the test signature failed", e)));
        }
    }

    private MessageDigest newDigest() {
        try {
            return (MessageDigest) digestPrototype.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(algorithm.digestAlgorithm());
            } catch (NoSuchAlgorithmException ex) {
                throw new HsmException(HsmFault.UNSUPPORTED, "digest unavailable", ex);
            }
        }
    }

    /** Takes a signer out of the pool (package-private: tests hold one to exhaust the pool). */
    PooledSignature borrow() {
        try {
            if (!permits.tryAcquire(settings.borrowTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new HsmException(HsmFault.POOL_EXHAUSTED, "no signer for key '" + label + "' free within "
                        + settings.borrowTimeout() + " (pool size " + settings.size() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmException(HsmFault.POOL_EXHAUSTED, "interrupted while waiting for a signer", e);
        }
        long generation = source.generation();
        PooledSignature s;
        while ((s = idle.poll()) != null) {
            if (s.generation() == generation) {
                return s;
            }
        }
        try {
            return new PooledSignature(source.create(label, algorithm), generation);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a borrowed signer; an unhealthy or stale one is dropped. */
    void giveBack(PooledSignature s, boolean healthy) {
        if (healthy && s.generation() == source.generation()) {
            idle.offer(s);
        }
        permits.release();
    }

    /** Drops every idle signer (after reconnection they are stale). */
    void clear() {
        idle.clear();
    }

    record PooledSignature(Signature signature, long generation) {
    }

    /** What a vault gives a pool: fresh raw signers, reconnection and error translation. */
    interface SignerSource {
        /** A raw signature object, already initialised for signing with the key. */
        Signature create(String label, SignatureAlgorithm algorithm);

        /** Increases every time the vault reconnects to its token. */
        long generation();

        /**
         * Reconnects after the token went away under the connection of {@code failedGeneration}
         * (nothing to do when it was already replaced), or throws a typed fault.
         */
        void recover(long failedGeneration);

        /** Wraps a provider exception into a typed one. */
        HsmException translate(Exception e, String doing);
    }
}
