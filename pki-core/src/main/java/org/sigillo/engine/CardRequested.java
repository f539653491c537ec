package org.sigillo.engine;

import java.util.List;
import java.util.Objects;

import javax.security.auth.Destroyable;

import org.sigillo.registry.CardSecrets;

/**
 * The result of a card request: the card number, the cards it revoked at once, and the envelope
 * halves of PIN, PUK and emergency password for the sealed envelope that goes with the card (the
 * e-mail halves are kept sealed by the engine and sent when delivery is registered). Shown once;
 * {@link #destroy()} wipes them; {@link #toString()} shows nothing secret.
 */
public final class CardRequested implements Destroyable {
    private final String number;
    private final List<String> revokedPrevious;
    private final CardSecrets secrets;

    CardRequested(String number, List<String> revokedPrevious, CardSecrets secrets) {
        this.number = Objects.requireNonNull(number, "number");
        this.revokedPrevious = List.copyOf(revokedPrevious);
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The new card's number. */
    public String number() {
        return number;
    }

    /** The person's previous cards revoked by this request, in the same transaction. */
    public List<String> revokedPrevious() {
        return revokedPrevious;
    }

    /** The PIN half printed in the envelope (a copy; wipe it after use). */
    public char[] pinEnvelopeHalf() {
        return secrets.pin().revealEnvelopeHalf();
    }

    /** The PUK half printed in the envelope. */
    public char[] pukEnvelopeHalf() {
        return secrets.puk().revealEnvelopeHalf();
    }

    /** The emergency-password half printed in the envelope. */
    public char[] emergencyEnvelopeHalf() {
        return secrets.emergencyPassword().revealEnvelopeHalf();
    }

    @Override
    public void destroy() {
        secrets.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return secrets.isDestroyed();
    }

    @Override
    public String toString() {
        return "card " + number + (revokedPrevious.isEmpty() ? "" : " (revoked " + revokedPrevious + ")");
    }
}
