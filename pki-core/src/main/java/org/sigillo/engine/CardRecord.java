package org.sigillo.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CardState;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * A smart card as stored. Its certificate is the certificate row whose code is the card number.
 *
 * @param number           card number: the ente's ISTAT code and a six-digit progressive
 * @param cf               the holder
 * @param ente             the ente that requested it
 * @param state            the card's state
 * @param requestedAt      when it was requested
 * @param stateChangedAt   when its state last changed
 * @param revocationReason why it was revoked, once {@link CardState#REVOCATA}
 */
public record CardRecord(String number, CodiceFiscale cf, IstatCode ente, CardState state, Instant requestedAt,
                         Instant stateChangedAt, Optional<RevocationReason> revocationReason) {

    /** Refuses null parts. */
    public CardRecord {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(cf, "cf");
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        Objects.requireNonNull(revocationReason, "revocationReason");
    }
}
