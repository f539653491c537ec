package org.sigillo.profile;

/**
 * The rule for a person's given name or surname wherever one enters the engine (a user, a card
 * holder): not blank, at most {@value #MAX} characters once stripped, no control characters. The
 * certificate profile applies the same rule, so a name accepted with a request never makes its
 * certificate fail in the batch.
 */
public final class PersonNames {
    /** The longest name kept (the store's columns; a certificate's CN is fitted to 64 by {@link Profiles}). */
    public static final int MAX = 64;

    private PersonNames() {
    }

    /**
     * {@code value} stripped, or an {@link IllegalArgumentException} naming {@code what} (e.g. "the
     * holder's surname") and the value, control characters shown as {@code \}{@code uXXXX}.
     */
    public static String require(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        String v = value.strip();
        if (v.length() > MAX || v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be at most " + MAX + " printable characters, was: \""
                    + escapeControls(v) + "\" (" + v.length() + " characters)");
        }
        return v;
    }

    /** {@code v} with each control character written as {@code \}{@code uXXXX}, fit for one line of a message. */
    static String escapeControls(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        v.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04X", c));
            } else {
                sb.append((char) c);
            }
        });
        return sb.toString();
    }
}
