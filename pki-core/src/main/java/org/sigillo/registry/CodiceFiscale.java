package org.sigillo.registry;

import java.time.Month;
import java.util.Locale;
import java.util.Objects;

/**
 * An Italian codice fiscale of a natural person, fully validated (shape, month letter, day,
 * check letter). The code as given (upper case, trimmed) is the person's identity:
 * {@link #equals}, {@link #hashCode} and {@link #canonical()} use it. An <em>omocode</em> form
 * (some of its seven digits replaced by {@code LMNPQRSTUV}) is <em>another</em> person: the
 * Agenzia delle Entrate assigns one exactly when two people's codes would collide, so
 * {@code RSSMRA85T10A56NH} is not {@code RSSMRA85T10A562S}. (Treating them as one, as this class
 * once did, let the second person use the first one's registrations and revoke his card.)
 * {@link #baseForm()} gives the digits back, for the birth data it encodes.
 */
public final class CodiceFiscale {

    /** Length of every codice fiscale. */
    public static final int LENGTH = 16;

    /** Zero-based positions of the seven digits that omocodia may replace. */
    private static final int[] DIGIT_POSITIONS = {6, 7, 9, 10, 12, 13, 14};
    private static final String OMOCODIA_LETTERS = "LMNPQRSTUV";
    private static final String MONTH_LETTERS = "ABCDEHLMPRST";
    /** Odd-position values for A..Z; digits 0..9 use the values of A..J. */
    private static final int[] ODD_VALUES = {
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
    };
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final String asGiven;
    private final String base;

    private CodiceFiscale(String asGiven, String base) {
        this.asGiven = asGiven;
        this.base = base;
    }

    /**
     * Parses and validates a codice fiscale: surrounding whitespace is trimmed and letters are
     * taken case-insensitively.
     *
     * @throws InvalidCodiceFiscaleException naming the {@link CfDefect}
     */
    public static CodiceFiscale parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.length() != LENGTH) {
            throw new InvalidCodiceFiscaleException(CfDefect.WRONG_LENGTH, trimmed,
                    trimmed.length() + " characters, 16 expected");
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = trimmed.charAt(i);
            // checked before upper-casing: no non-ASCII letter may turn into an ASCII one
            if (!isLetter(c) && !(c >= 'a' && c <= 'z') && !isDigit(c)) {
                throw new InvalidCodiceFiscaleException(CfDefect.BAD_CHARACTER, trimmed,
                        "character " + (i + 1) + " is not an ASCII letter nor a digit");
            }
        }
        String cf = trimmed.toUpperCase(Locale.ROOT);
        char[] base = cf.toCharArray();
        for (int i = 0; i < LENGTH; i++) {
            char c = base[i];
            if (isDigitPosition(i)) {
                if (isLetter(c)) {
                    int digit = OMOCODIA_LETTERS.indexOf(c);
                    if (digit < 0) {
                        throw new InvalidCodiceFiscaleException(CfDefect.BAD_SHAPE, cf,
                                "character " + (i + 1) + " must be a digit or one of " + OMOCODIA_LETTERS);
                    }
                    base[i] = (char) ('0' + digit);
                }
            } else if (!isLetter(c)) {
                throw new InvalidCodiceFiscaleException(CfDefect.BAD_SHAPE, cf,
                        "character " + (i + 1) + " must be a letter");
            }
        }
        int month = MONTH_LETTERS.indexOf(base[8]);
        if (month < 0) {
            throw new InvalidCodiceFiscaleException(CfDefect.BAD_MONTH_LETTER, cf,
                    "'" + base[8] + "' is not one of " + MONTH_LETTERS);
        }
        int day = (base[9] - '0') * 10 + (base[10] - '0');
        int dayOfMonth = day > 40 ? day - 40 : day;
        if (day < 1 || (day > 31 && day < 41) || day > 71 || dayOfMonth > DAYS_IN_MONTH[month]) {
            throw new InvalidCodiceFiscaleException(CfDefect.BAD_DAY, cf,
                    "day " + day + " is not 1..31 or 41..71 in " + Month.of(month + 1));
        }
        char expected = checkLetter(cf);
        if (cf.charAt(15) != expected) {
            throw new InvalidCodiceFiscaleException(CfDefect.BAD_CHECK_LETTER, cf,
                    "check letter is '" + cf.charAt(15) + "'");
        }
        base[15] = checkLetter(new String(base));
        return new CodiceFiscale(cf, new String(base));
    }

    /**
     * The check letter of the first fifteen characters of {@code cf} (upper case letters and
     * digits; the caller has validated them).
     */
    static char checkLetter(CharSequence cf) {
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = cf.charAt(i);
            int index = isDigit(c) ? c - '0' : c - 'A';
            // positions are counted from 1: index 0 is the 1st, an odd position
            sum += (i % 2 == 0) ? ODD_VALUES[index] : index;
        }
        return (char) ('A' + sum % 26);
    }

    /** The form that was parsed, upper case and trimmed (the one on the person's documents). */
    public String asGiven() {
        return asGiven;
    }

    /** The person's identity: the code as given, upper case (what the store keys people on). */
    public String canonical() {
        return asGiven;
    }

    /**
     * The base form: omocodia letters turned back into digits, check letter recomputed. Not an
     * identity (an omocode form is another person); it reads the birth data.
     */
    public String baseForm() {
        return base;
    }

    /** Whether the parsed form used omocodia substitutions. */
    public boolean isOmocode() {
        return !asGiven.equals(base);
    }

    /** The birth month. */
    public Month birthMonth() {
        return Month.of(MONTH_LETTERS.indexOf(base.charAt(8)) + 1);
    }

    /** The day of the month of birth, 1..31 (the +40 for women removed). */
    public int birthDay() {
        int day = Integer.parseInt(base.substring(9, 11));
        return day > 40 ? day - 40 : day;
    }

    /** Whether the code is a woman's (day of birth + 40). */
    public boolean female() {
        return base.charAt(9) >= '4';
    }

    /** The two-digit year of birth, 0..99 (the century is not in the code). */
    public int birthYearOfCentury() {
        return Integer.parseInt(base.substring(6, 8));
    }

    /** The Belfiore code of the birthplace, in base form (e.g. {@code H501}). */
    public String belfiore() {
        return base.substring(11, 15);
    }

    /** The subject {@code serialNumber} value for a certificate: {@code TINIT-} and the CF as given. */
    public String tinIt() {
        return "TINIT-" + asGiven;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodiceFiscale && ((CodiceFiscale) o).asGiven.equals(asGiven);
    }

    @Override
    public int hashCode() {
        return asGiven.hashCode();
    }

    /** The form as given. */
    @Override
    public String toString() {
        return asGiven;
    }

    private static boolean isDigitPosition(int i) {
        for (int p : DIGIT_POSITIONS) {
            if (p == i) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
