package org.sigillo.profile;

/** A workstation label with a character that is not allowed. */
public final class InvalidLabelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The refusal of {@code input}, shown with its control characters escaped, and why. */
    public InvalidLabelException(String input, String why) {
        super("invalid workstation label '" + escaped(input) + "': " + why);
    }

    private static String escaped(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.chars().forEach(c -> sb.append(Character.isISOControl(c) ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return sb.toString();
    }
}
