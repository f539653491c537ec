package org.sigillo.lifecycle;

/** A lifecycle operation that is not allowed from the certificate's current state; nothing changed. */
public final class IllegalTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final CertificateState from;
    private final Transition transition;

    public IllegalTransitionException(CertificateState from, Transition transition) {
        super(transition + " is not allowed from state " + from);
        this.from = from;
        this.transition = transition;
    }

    public CertificateState from() {
        return from;
    }

    public Transition transition() {
        return transition;
    }
}
