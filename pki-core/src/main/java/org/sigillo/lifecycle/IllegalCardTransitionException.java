package org.sigillo.lifecycle;

/** A smart-card change that its state does not allow (delivering a card still in production, say). */
public final class IllegalCardTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final CardState from;
    private final CardTransition transition;

    /** The refusal of {@code transition} from {@code from}. */
    public IllegalCardTransitionException(CardState from, CardTransition transition) {
        super(transition + " is not allowed for a card in state " + from);
        this.from = from;
        this.transition = transition;
    }

    /** The state the card was in. */
    public CardState from() {
        return from;
    }

    /** The refused transition. */
    public CardTransition transition() {
        return transition;
    }
}
