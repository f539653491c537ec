package org.sigillo.lifecycle;

/**
 * The states of a smart card (DOMAIN.md "Lifecycles"), with the Italian names operators know.
 *
 * <pre>
 * IN_LAVORAZIONE --HAND_OVER--> CONSEGNATA_DALLA_PREFETTURA --DELIVER--> ATTIVA
 * ATTIVA <--BLOCK/UNBLOCK--> BLOCCATA
 * any state but REVOCATA --REVOKE--> REVOCATA
 * </pre>
 * The card's certificate follows: a blocked card's certificate is on hold, a revoked card's
 * certificate is revoked (or its request withdrawn if the batch had not reached it yet).
 */
public enum CardState {
    /** Requested; in production (about ten days). */
    IN_LAVORAZIONE,
    /** The Prefettura handed it over to the ente. */
    CONSEGNATA_DALLA_PREFETTURA,
    /** Delivered to the holder (the PIN/PUK e-mail halves went out): in use. */
    ATTIVA,
    /** Temporarily blocked. */
    BLOCCATA,
    /** Revoked for good (replaced, lost or stolen, holder deleted). */
    REVOCATA;

    /**
     * The state after {@code t}.
     *
     * @throws IllegalCardTransitionException when {@code t} is not allowed from this state
     */
    public CardState after(CardTransition t) {
        CardState next = switch (t) {
            case HAND_OVER -> this == IN_LAVORAZIONE ? CONSEGNATA_DALLA_PREFETTURA : null;
            case DELIVER -> this == CONSEGNATA_DALLA_PREFETTURA ? ATTIVA : null;
            case BLOCK -> this == ATTIVA ? BLOCCATA : null;
            case UNBLOCK -> this == BLOCCATA ? ATTIVA : null;
            case REVOKE -> this != REVOCATA ? REVOCATA : null;
        };
        if (next == null) {
            throw new IllegalCardTransitionException(this, t);
        }
        return next;
    }
}
