package org.sigillo.engine;

/** An operation refused by a rule of the domain; nothing was changed. */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    public RefusedException(Refusal refusal, String message) {
        super(refusal + ": " + message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
