package org.sigillo.profile;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;

import org.sigillo.hsm.KeySpec;

/**
 * Generates workstation and server key pairs in software: they must travel to the PC inside a
 * PKCS#12, so they cannot be made inside the HSM. Uses the JDK providers (SunEC / SunRsaSign),
 * whose keys encode to standard PKCS#8 for sealing and export.
 */
public final class EndEntityKeys {
    private final SecureRandom random;

    public EndEntityKeys(SecureRandom random) {
        this.random = random;
    }

    public EndEntityKeys() {
        this(new SecureRandom());
    }

    public KeyPair generate(KeySpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(spec.jcaAlgorithm());
            g.initialize(spec.generationParameters(), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + spec + " keys", e);
        }
    }
}
