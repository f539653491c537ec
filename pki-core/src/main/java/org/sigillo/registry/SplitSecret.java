package org.sigillo.registry;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A card secret split in two halves: the first printed in the sealed envelope, the second
 * e-mailed to the holder once the card's delivery is registered. Held as {@code char[]};
 * reading it takes a {@code reveal...} call (easy to find), and {@link #toString()} never shows it.
 */
public final class SplitSecret implements Destroyable {

    private final String kind;
    private final char[] secret;
    private final int envelopeLength;
    private boolean destroyed;

    /** Takes ownership of {@code secret}; the first {@code envelopeLength} characters go in the envelope. */
    SplitSecret(String kind, char[] secret, int envelopeLength) {
        if (envelopeLength <= 0 || envelopeLength >= secret.length) {
            throw new IllegalArgumentException("both halves must be non-empty");
        }
        this.kind = kind;
        this.secret = secret;
        this.envelopeLength = envelopeLength;
    }

    /** The half printed in the sealed envelope (a copy). */
    public char[] revealEnvelopeHalf() {
        checkAlive();
        return Arrays.copyOfRange(secret, 0, envelopeLength);
    }

    /** The half sent by e-mail (a copy). */
    public char[] revealEmailHalf() {
        checkAlive();
        return Arrays.copyOfRange(secret, envelopeLength, secret.length);
    }

    /** The whole secret, envelope half then e-mail half (a copy), e.g. to program the card. */
    public char[] revealWhole() {
        checkAlive();
        return secret.clone();
    }

    /** Total length in characters. */
    public int length() {
        return secret.length;
    }

    /** Overwrites the secret. */
    @Override
    public void destroy() {
        Arrays.fill(secret, '\0');
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return kind + "[" + secret.length + " characters, hidden]";
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException(kind + " has been destroyed");
        }
    }
}
