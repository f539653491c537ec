package org.sigillo.registry;

import java.util.Locale;
import java.util.Objects;

/** The target environments of a registration. */
public enum Environment {
    /** The production registry. */
    PRODUZIONE,
    /** The pre-takeover (test) environment. */
    PRESUBENTRO;

    /**
     * Parses an environment name, case-insensitively.
     *
     * @throws InvalidEnvironmentException with reason UNKNOWN naming the text
     */
    public static Environment parse(String text) {
        Objects.requireNonNull(text, "text");
        String key = text.strip().toUpperCase(Locale.ROOT);
        for (Environment e : values()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new InvalidEnvironmentException(InvalidEnvironmentException.Reason.UNKNOWN,
                "unknown environment: '" + text.strip() + "'");
    }
}
