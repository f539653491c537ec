package org.sigillo.profile;

/** A workstation or server code that is not of the form {ISTAT}-PC-{NNNN} / {ISTAT}-CO-{NNNN}. */
public final class InvalidCodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String input;

    public InvalidCodeException(String input, String why) {
        super("invalid code '" + input + "': " + why);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
