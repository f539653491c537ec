package org.sigillo.registry;

import java.util.Objects;

/**
 * The ISTAT code of an ente: exactly six ASCII digits, the first three being the province code
 * (never {@code 000}). A Prefettura's code is its province code followed by {@code 000}.
 *
 * @param value the six digits, e.g. {@code 058091} (Roma)
 */
public record IstatCode(String value) {

    private static final String PREFETTURA_SUFFIX = "000";

    /** Checks the six digits; throws {@link InvalidIstatCodeException} otherwise. */
    public IstatCode {
        Objects.requireNonNull(value, "value");
        if (value.length() != 6) {
            throw new InvalidIstatCodeException(value, "must be exactly six digits");
        }
        for (int i = 0; i < 6; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidIstatCodeException(value, "character " + (i + 1) + " is not a digit");
            }
        }
        if (value.startsWith("000")) {
            throw new InvalidIstatCodeException(value, "province code 000 does not exist");
        }
        // At most a million distinct values: one String each, so that equal codes compare by
        // identity (the dual check looks a registration up by ente on every call).
        value = value.intern();
    }

    /** Parses a code, trimming surrounding whitespace. */
    public static IstatCode parse(String text) {
        Objects.requireNonNull(text, "text");
        return new IstatCode(text.strip());
    }

    /** The Prefettura code of a three-digit province code ({@code 058} gives {@code 058000}). */
    public static IstatCode prefetturaOf(String provinceCode) {
        return new IstatCode(provinceCode + PREFETTURA_SUFFIX);
    }

    /** The three-digit province code, the first three digits. */
    public String provinceCode() {
        return value.substring(0, 3);
    }

    /** Whether this is a Prefettura's code (province code followed by {@code 000}). */
    public boolean isPrefettura() {
        return value.endsWith(PREFETTURA_SUFFIX);
    }

    /** Whether both codes lie in the same province. */
    public boolean sameProvinceAs(IstatCode other) {
        return value.regionMatches(0, other.value, 0, 3);
    }

    /** The kind of ente this code names. */
    public EnteKind kind() {
        return isPrefettura() ? EnteKind.PREFETTURA : EnteKind.COMUNE;
    }

    @Override
    public String toString() {
        return value;
    }
}
