package org.sigillo.status;

import java.math.BigInteger;

/**
 * The live revocation status of the certificates one issuing CA issued, as the OCSP responder
 * and the dual-check validator read it. Implementations answer from live state (a change is
 * visible to the very next call) and tell listeners about every change, so caches can drop
 * what they hold.
 */
public interface StatusSource {

    /**
     * The status of {@code serial} among the certificates issued by the CA whose subject key
     * identifier is {@code issuerKeyId}; {@link CertStatus#UNKNOWN} when that CA never issued it.
     */
    CertStatus status(byte[] issuerKeyId, BigInteger serial);

    /** Registers a listener told about every status change (after it is durable). */
    void addListener(StatusListener listener);

    /** Told when a certificate's status changed. */
    @FunctionalInterface
    interface StatusListener {
        void changed(byte[] issuerKeyId, BigInteger serial);
    }
}
