package org.sigillo.profile;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle JCA provider instance of pki-core's key, CSR and PKCS#12 code. Building
 * a {@link BouncyCastleProvider} registers hundreds of services (~0.5 s the first time, 20-40 ms
 * each time after), and the engine used to build one per class at start-up. It is never
 * registered with {@link Security} and never changed: passed explicitly to
 * {@code getInstance} calls only.
 */
final class BouncyCastle {
    /** Shared and read-only; see the class comment. */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
