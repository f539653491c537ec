package org.sigillo.registry;

/** Thrown when an environment name is unknown or a set of environments is empty. */
public final class InvalidEnvironmentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** The text names no {@link Environment}. */
        UNKNOWN,
        /** No environment at all. */
        EMPTY
    }

    private final Reason reason;

    InvalidEnvironmentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** What was wrong. */
    public Reason reason() {
        return reason;
    }
}
