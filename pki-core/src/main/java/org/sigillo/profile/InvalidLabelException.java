package org.sigillo.profile;

/** A workstation label with a character that is not allowed. */
public final class InvalidLabelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidLabelException(String input, String why) {
        super("invalid workstation label '" + input + "': " + why);
    }
}
