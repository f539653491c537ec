package org.sigillo.registry;

/** Thrown when an encoded password hash cannot be read or uses parameters that are too weak. */
public final class InvalidPasswordHashException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPasswordHashException(String message) {
        super(message);
    }
}
