package org.sigillo.registry;

import java.util.Objects;

/**
 * One problem of a census submission.
 *
 * @param line the 1-based line where the offending record starts, or 0 for the submission as a
 *     whole (a missing record)
 * @param kind what is wrong
 * @param message a human-readable detail
 */
public record CensusError(int line, CensusErrorKind kind, String message) {

    /** Refuses null parts and negative lines. */
    public CensusError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line " + line);
        }
    }

    @Override
    public String toString() {
        return (line == 0 ? "submission" : "line " + line) + ": " + kind + ": " + message;
    }
}
