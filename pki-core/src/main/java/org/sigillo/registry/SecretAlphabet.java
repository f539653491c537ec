package org.sigillo.registry;

import java.security.SecureRandom;

/** Draws uniformly random secrets from a fixed alphabet (package-private helper). */
final class SecretAlphabet {

    /** Decimal digits. */
    static final SecretAlphabet DIGITS = new SecretAlphabet("0123456789");
    /** Upper-case letters and digits without the look-alikes I, O, 0, 1 (32 symbols). */
    static final SecretAlphabet UPPER_ALNUM = new SecretAlphabet("ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    /** Letters of both cases and digits without the look-alikes I, l, O, o, 0, 1 (56 symbols). */
    static final SecretAlphabet MIXED_ALNUM =
            new SecretAlphabet("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789");

    private final char[] symbols;

    private SecretAlphabet(String symbols) {
        this.symbols = symbols.toCharArray();
    }

    /** {@code length} symbols, each drawn uniformly with {@link SecureRandom#nextInt(int)}. */
    char[] draw(SecureRandom random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = symbols[random.nextInt(symbols.length)];
        }
        return out;
    }
}
