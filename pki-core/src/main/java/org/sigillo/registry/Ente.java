package org.sigillo.registry;

import java.util.Objects;

/**
 * An ente (a Comune or a Prefettura), identified by its ISTAT code. Its kind always agrees
 * with the code; the name is stripped and never blank.
 *
 * @param code the ISTAT code
 * @param name the ente's name, e.g. {@code Roma}
 * @param kind COMUNE or PREFETTURA, as the code says
 */
public record Ente(IstatCode code, String name, EnteKind kind) {
    /**
     * The longest name kept (the store's column). Certificates carry at most its first 64
     * characters as their O (RFC 5280's bound; see {@code Profiles}).
     */
    public static final int MAX_NAME = 200;

    /** Checks the name and that the kind agrees with the code. */
    public Ente {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        name = name.strip();
        if (name.isEmpty()) {
            throw new InvalidEnteException(InvalidEnteException.Defect.BLANK_NAME,
                    "ente " + code + ": the name is blank");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidEnteException(InvalidEnteException.Defect.NAME_TOO_LONG,
                    "ente " + code + ": the name has " + name.length() + " characters, at most " + MAX_NAME + " are kept");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidEnteException(InvalidEnteException.Defect.NAME_NOT_PRINTABLE,
                    "ente " + code + ": the name holds a control character: " + name.replaceAll("\\p{Cntrl}", "?"));
        }
        if (kind != code.kind()) {
            throw new InvalidEnteException(InvalidEnteException.Defect.KIND_MISMATCH,
                    "ente " + code + " is a " + code.kind() + ", not a " + kind);
        }
    }

    /** An ente whose kind is derived from its code. */
    public static Ente of(IstatCode code, String name) {
        return new Ente(code, name, Objects.requireNonNull(code, "code").kind());
    }

    /** The three-digit province code. */
    public String provinceCode() {
        return code.provinceCode();
    }

    /** Whether this ente is a Prefettura. */
    public boolean isPrefettura() {
        return kind == EnteKind.PREFETTURA;
    }
}
