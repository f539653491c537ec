package org.sigillo.registry;

import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The secrets of a new smart card, drawn from a CSPRNG and each split in halves (envelope,
 * e-mail):
 * <ul>
 *   <li>PIN: {@value #PIN_LENGTH} digits, 4 + 4;</li>
 *   <li>PUK: {@value #PUK_LENGTH} digits, 4 + 4;</li>
 *   <li>emergency password: {@value #EMERGENCY_LENGTH} characters from 32 unambiguous upper-case
 *       letters and digits (60 bits), 6 + 6.</li>
 * </ul>
 * Neither half alone reveals more than half the secret. {@link #toString()} shows nothing secret.
 */
public final class CardSecrets implements Destroyable {

    /** PIN length in digits. */
    public static final int PIN_LENGTH = 8;
    /** PUK length in digits. */
    public static final int PUK_LENGTH = 8;
    /** Emergency password length in characters. */
    public static final int EMERGENCY_LENGTH = 12;

    private final SplitSecret pin;
    private final SplitSecret puk;
    private final SplitSecret emergencyPassword;

    private CardSecrets(SplitSecret pin, SplitSecret puk, SplitSecret emergencyPassword) {
        this.pin = pin;
        this.puk = puk;
        this.emergencyPassword = emergencyPassword;
    }

    /** Draws new card secrets from {@code random}. */
    public static CardSecrets generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new CardSecrets(
                new SplitSecret("PIN", SecretAlphabet.DIGITS.draw(random, PIN_LENGTH), PIN_LENGTH / 2),
                new SplitSecret("PUK", SecretAlphabet.DIGITS.draw(random, PUK_LENGTH), PUK_LENGTH / 2),
                new SplitSecret("emergency password",
                        SecretAlphabet.UPPER_ALNUM.draw(random, EMERGENCY_LENGTH), EMERGENCY_LENGTH / 2));
    }

    /** The PIN. */
    public SplitSecret pin() {
        return pin;
    }

    /** The PUK. */
    public SplitSecret puk() {
        return puk;
    }

    /** The emergency password. */
    public SplitSecret emergencyPassword() {
        return emergencyPassword;
    }

    /** Overwrites all three secrets. */
    @Override
    public void destroy() {
        pin.destroy();
        puk.destroy();
        emergencyPassword.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return pin.isDestroyed() && puk.isDestroyed() && emergencyPassword.isDestroyed();
    }

    @Override
    public String toString() {
        return "CardSecrets[" + pin + ", " + puk + ", " + emergencyPassword + "]";
    }
}
