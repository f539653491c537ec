package org.sigillo.registry;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a census submission has any error; it lists every error found, by line. */
public final class CensusRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<CensusError> errors;

    /** The message names at most this many errors; {@link #errors()} holds them all. */
    static final int ERRORS_IN_MESSAGE = 100;

    CensusRejectedException(List<CensusError> errors) {
        super("census rejected, " + errors.size() + " error(s):\n"
                + errors.stream().limit(ERRORS_IN_MESSAGE).map(CensusError::toString).collect(Collectors.joining("\n"))
                + (errors.size() > ERRORS_IN_MESSAGE ? "\n... and " + (errors.size() - ERRORS_IN_MESSAGE) + " more" : ""));
        this.errors = List.copyOf(errors);
    }

    /** Every error, ordered by line (whole-submission errors, line 0, first). */
    public List<CensusError> errors() {
        return errors;
    }
}
