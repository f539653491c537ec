package org.sigillo.profile;

/** A public key Sigillo will not certify (too short, unknown curve, unknown algorithm). */
public final class WeakKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public WeakKeyException(String message) {
        super(message);
    }
}
