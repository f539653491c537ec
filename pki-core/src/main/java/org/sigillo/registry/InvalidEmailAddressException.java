package org.sigillo.registry;

/** Thrown when a string is not an acceptable e-mail address. */
public final class InvalidEmailAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidEmailAddressException(String input, String why) {
        super("invalid e-mail address '" + input + "': " + why);
        this.input = input;
    }

    /** The refused input. */
    public String input() {
        return input;
    }
}
