package org.sigillo.ca;

/** A CA hierarchy could not be created, loaded or used as asked; nothing was changed. */
public final class CaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** create() found keys of a hierarchy already in the vault. */
        ALREADY_EXISTS,
        /** load() found a key or certificate missing. */
        MISSING,
        /** A stored certificate does not belong to its key or issuer. */
        INCONSISTENT,
        /** An end-entity request the CA refuses (validity beyond the CA's, bad fields). */
        REQUEST_REFUSED,
        /** Building or signing a certificate failed. */
        SIGNING_FAILED
    }

    private final Kind kind;

    public CaException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public CaException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
