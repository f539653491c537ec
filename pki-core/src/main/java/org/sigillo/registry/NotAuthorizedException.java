package org.sigillo.registry;

/** Thrown when a principal may not run an operation; {@link #refusal()} says why. */
public final class NotAuthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;
    private final Operation operation;

    NotAuthorizedException(Refusal refusal, Operation operation, String message) {
        super(message);
        this.refusal = refusal;
        this.operation = operation;
    }

    /** Why the operation was refused. */
    public Refusal refusal() {
        return refusal;
    }

    /** The refused operation. */
    public Operation operation() {
        return operation;
    }
}
