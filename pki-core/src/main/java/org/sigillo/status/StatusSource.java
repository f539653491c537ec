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

    /**
     * A handle on the status of {@code serial} under the CA {@code issuerKeyId}, for a caller
     * that reads it again and again (the validator's cache). It must follow every later change,
     * including the certificate becoming known. This default looks the certificate up on each
     * read; an implementation holding its statuses in memory can return the entry itself.
     */
    default StatusHandle handle(byte[] issuerKeyId, BigInteger serial) {
        byte[] issuer = issuerKeyId.clone();
        return () -> status(issuer, serial);
    }

    /** Registers a listener told about every status change (after it is durable). */
    void addListener(StatusListener listener);

    /** Told when a certificate's status changed. */
    @FunctionalInterface
    interface StatusListener {
        void changed(byte[] issuerKeyId, BigInteger serial);
    }
}
