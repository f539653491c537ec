package org.sigillo.profile;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;

import org.sigillo.hsm.KeySpec;

/**
 * Generates workstation and server key pairs in software: they must travel to the PC inside a
 * PKCS#12, so they cannot be made inside the HSM. EC keys come from Bouncy Castle's provider,
 * whose fixed-point comb multiplication makes a P-256 key pair in ~60 µs where the JDK's SunEC
 * (JDK 17) takes ~390 µs (one thread, measured on 2026-11-30; key generation was ~90% of the
 * batch's signing threads); RSA keys from the JDK's SunRsaSign (prime search costs the same in
 * both). Either way the keys encode to standard PKCS#8 and X.509 SubjectPublicKeyInfo, which is
 * all the engine keeps (sealed) and exports, and the JDK's {@code KeyFactory} reads them back.
 */
public final class EndEntityKeys {
    private final SecureRandom random;
    private final Provider bc = BouncyCastle.PROVIDER;

    public EndEntityKeys(SecureRandom random) {
        this.random = random;
    }

    public EndEntityKeys() {
        this(new SecureRandom());
    }

    public KeyPair generate(KeySpec spec) {
        try {
            KeyPairGenerator g = spec.isRsa()
                    ? KeyPairGenerator.getInstance(spec.jcaAlgorithm())
                    : KeyPairGenerator.getInstance(spec.jcaAlgorithm(), bc);
            g.initialize(spec.generationParameters(), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + spec + " keys", e);
        }
    }
}
