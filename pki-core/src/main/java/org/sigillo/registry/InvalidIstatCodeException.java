package org.sigillo.registry;

/** Thrown when a string is not a valid six-digit ISTAT code of an ente. */
public final class InvalidIstatCodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidIstatCodeException(String input, String why) {
        super("not an ISTAT code: '" + input + "' (" + why + ")");
        this.input = input;
    }

    /** The refused input, as given. */
    public String input() {
        return input;
    }
}
