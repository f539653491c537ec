package org.sigillo.engine;

import org.sigillo.crl.RevocationReason;

/**
 * Why a new card is requested, which decides how the previous card (if any) is revoked, at once
 * and in the same transaction (DOMAIN.md: theft or loss is keyCompromise, replacement is
 * superseded).
 */
public enum CardRequestReason {
    /** The person's first card (a previous one, if any, is superseded). */
    FIRST,
    /** The previous card was lost or stolen: revoked as keyCompromise. */
    LOSS_OR_THEFT,
    /** The previous card does not work: superseded. */
    MALFUNCTION,
    /** The previous card is near its expiry: superseded. */
    NEAR_EXPIRY;

    /** The revocation reason of the card this request replaces. */
    public RevocationReason previousCardReason() {
        return this == LOSS_OR_THEFT ? RevocationReason.KEY_COMPROMISE : RevocationReason.SUPERSEDED;
    }
}
