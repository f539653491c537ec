package org.sigillo.registry;

/** Thrown when a string is not a valid codice fiscale; {@link #defect()} says why. */
public final class InvalidCodiceFiscaleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final CfDefect defect;
    private final String input;

    InvalidCodiceFiscaleException(CfDefect defect, String input, String detail) {
        super("invalid codice fiscale '" + input + "': " + defect + " (" + detail + ")");
        this.defect = defect;
        this.input = input;
    }

    /** Why the input was refused. */
    public CfDefect defect() {
        return defect;
    }

    /** The refused input, as given. */
    public String input() {
        return input;
    }
}
