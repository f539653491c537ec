package org.sigillo.lifecycle;

/** What moves a smart card from one {@link CardState} to the next. */
public enum CardTransition {
    /** The Prefettura hands the sealed card batch over to the municipality. */
    HAND_OVER,
    /** The ALS registers delivery to the holder (sends the PIN/PUK e-mail halves). */
    DELIVER,
    /** Temporary block. */
    BLOCK,
    /** Lifts a block. */
    UNBLOCK,
    /** Permanent revocation (replacement, loss or theft, holder deleted). */
    REVOKE
}
