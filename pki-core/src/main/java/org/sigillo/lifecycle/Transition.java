package org.sigillo.lifecycle;

/** The operations that move a certificate between {@link CertificateState}s. */
public enum Transition {
    /** The batch issued the requested certificate. */
    ISSUE,
    /** BLOCCA: temporary suspension. */
    BLOCK,
    /** SBLOCCA: lifts a block. */
    UNBLOCK,
    /** CANCELLA: permanent revocation. */
    CANCEL,
    /** The revocation went out in a CRL. */
    PUBLISH,
    /** notAfter passed. */
    EXPIRE,
    /** A queued request is withdrawn before issue. */
    WITHDRAW
}
