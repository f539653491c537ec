package org.sigillo.registry;

/** Why a string is not a valid codice fiscale. */
public enum CfDefect {
    /** Not 16 characters after trimming. */
    WRONG_LENGTH,
    /** A character that is neither an ASCII letter nor an ASCII digit. */
    BAD_CHARACTER,
    /** A digit where a letter belongs, or a letter (other than an omocodia letter) where a digit belongs. */
    BAD_SHAPE,
    /** The month letter (9th character) is not one of {@code ABCDEHLMPRST}. */
    BAD_MONTH_LETTER,
    /** The day is not 1..31 (men) or 41..71 (women), or does not exist in the birth month. */
    BAD_DAY,
    /** The 16th character is not the check letter of the first fifteen. */
    BAD_CHECK_LETTER
}
