package org.sigillo.registry;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a census submission has any error; it lists every error found, by line. */
public final class CensusRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<CensusError> errors;

    CensusRejectedException(List<CensusError> errors) {
        super("census rejected, " + errors.size() + " error(s):\n"
                + errors.stream().map(CensusError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** Every error, ordered by line (whole-submission errors, line 0, first). */
    public List<CensusError> errors() {
        return errors;
    }
}
