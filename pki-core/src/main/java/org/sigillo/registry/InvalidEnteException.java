package org.sigillo.registry;

/** Thrown when an {@link Ente} is built from inconsistent parts. */
public final class InvalidEnteException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Defect {
        /** The name is empty or only whitespace. */
        BLANK_NAME,
        /** The kind does not match the ISTAT code. */
        KIND_MISMATCH,
        /** The name is longer than {@value Ente#MAX_NAME} characters (the store's column). */
        NAME_TOO_LONG,
        /** The name holds a control character (a line break, a tab, ...). */
        NAME_NOT_PRINTABLE
    }

    private final Defect defect;

    InvalidEnteException(Defect defect, String message) {
        super(message);
        this.defect = defect;
    }

    /** What was wrong. */
    public Defect defect() {
        return defect;
    }
}
