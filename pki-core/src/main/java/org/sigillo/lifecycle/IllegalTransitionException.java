package org.sigillo.lifecycle;

import java.util.Objects;
import java.util.Optional;

/** A lifecycle operation that is not allowed from the certificate's current state; nothing changed. */
public final class IllegalTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final CertificateState from;
    private final Transition transition;
    private final String subject;

    /** A transition refused by the state machine alone, before it is known whose certificate it was. */
    public IllegalTransitionException(CertificateState from, Transition transition) {
        this(from, transition, null);
    }

    private IllegalTransitionException(CertificateState from, Transition transition, String subject) {
        super((subject == null ? "" : "certificate " + subject + ": ") + transition + " is not allowed from state " + from);
        this.from = from;
        this.transition = transition;
        this.subject = subject;
    }

    /** The same refusal, naming the certificate (its code or card number) it was asked of. */
    public IllegalTransitionException of(String certificate) {
        return new IllegalTransitionException(from, transition, Objects.requireNonNull(certificate, "certificate"));
    }

    public CertificateState from() {
        return from;
    }

    public Transition transition() {
        return transition;
    }

    /** The certificate the transition was asked of, when known. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }
}
