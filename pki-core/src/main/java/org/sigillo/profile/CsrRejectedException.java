package org.sigillo.profile;

/** A PKCS#10 request Sigillo refuses, with the reason. */
public final class CsrRejectedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Reason {
        /** Not a PKCS#10 request (garbage, truncated, wrong PEM type). */
        MALFORMED,
        /** Its signature does not verify with its own public key: no proof of possession. */
        BAD_SIGNATURE,
        /** The key is too weak or of an unknown curve. */
        WEAK_KEY,
        /** Signed with an algorithm Sigillo does not accept. */
        UNSUPPORTED_ALGORITHM
    }

    private final Reason reason;

    public CsrRejectedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
