package org.sigillo.registry;

/** Thrown when a set of profiles breaks a rule of {@link ProfileSet}. */
public final class InvalidProfileSetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which rule was broken. */
    public enum Reason {
        /** No profile at all. */
        EMPTY,
        /** ASC together with another profile: ASC excludes every other. */
        ASC_NOT_ALONE
    }

    private final Reason reason;

    InvalidProfileSetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Which rule was broken. */
    public Reason reason() {
        return reason;
    }
}
