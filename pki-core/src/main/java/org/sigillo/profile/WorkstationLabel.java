package org.sigillo.profile;

/**
 * The optional name of a workstation (nome postazione): letters of the Latin alphabet (accented
 * ones too: à, è, ñ), the digits 0-9, spaces, '-' and '_' only, 1 to 64 characters after
 * leading and trailing spaces are dropped. Every other character is refused, wherever it stands:
 * control characters (not silently trimmed away), letters of other scripts and their look-alikes
 * (Cyrillic 'А', full-width 'Ｐ'), other digits ('٣'). It is kept in the store and shown to
 * operators, not put in the certificate.
 */
public record WorkstationLabel(String value) {
    /** The last code point of Latin Extended-B: beyond it are IPA, Greek, Cyrillic, and full-width forms. */
    private static final char LAST_LATIN = '\u024F';

    public WorkstationLabel {
        if (value == null) {
            throw new InvalidLabelException("null", "no label given");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c)) {
                throw new InvalidLabelException(value, String.format("character U+%04X ('%s') at position %d is not allowed"
                        + " (Latin letters, digits 0-9, spaces, '-' and '_' only)", (int) c,
                        Character.isISOControl(c) ? "control" : String.valueOf(c), i + 1));
            }
        }
        value = value.strip();
        if (value.isEmpty() || value.length() > 64) {
            throw new InvalidLabelException(value, "a label has 1 to 64 characters");
        }
    }

    private static boolean allowed(char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '_'
                || (c <= LAST_LATIN && Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN);
    }
}
