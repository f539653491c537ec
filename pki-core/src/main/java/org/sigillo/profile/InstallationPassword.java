package org.sigillo.profile;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The installation password of an exported PKCS#12: 8 characters from a CSPRNG over the 32
 * symbols {@code 23456789ABCDEFGHJKLMNPQRSTUVWXYZ} (no 0/O, 1/I look-alikes): 40 bits, shown
 * to the ALP once and never stored. Read it with {@link #reveal()}; {@link #destroy()} wipes it.
 */
public final class InstallationPassword {
    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    /** Length in characters. */
    public static final int LENGTH = 8;

    private final char[] value;

    private InstallationPassword(char[] value) {
        this.value = value;
    }

    public static InstallationPassword generate(SecureRandom random) {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new InstallationPassword(c);
    }

    public static InstallationPassword generate() {
        return generate(new SecureRandom());
    }

    /** A copy of the password: the visible token of a secret leaving the engine. */
    public char[] reveal() {
        return value.clone();
    }

    public void destroy() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "InstallationPassword[<hidden>]";
    }
}
