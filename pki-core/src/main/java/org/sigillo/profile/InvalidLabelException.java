package org.sigillo.profile;

/** A workstation label with a character that is not allowed. */
public final class InvalidLabelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The refusal of {@code input}, shown with its control characters escaped, and why. */
    public InvalidLabelException(String input, String why) {
        super("invalid workstation label '" + PersonNames.escapeControls(input) + "': " + why);
    }
}
