package org.sigillo.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * One workstation certificate requested by a census, with its optional label (nome postazione).
 *
 * @param line the census line that requested it
 * @param label the label, letters, digits, spaces, {@code -} and {@code _} only, if given
 */
public record WorkstationRequest(int line, Optional<String> label) {

    /** Refuses a null label holder. */
    public WorkstationRequest {
        Objects.requireNonNull(label, "label");
    }
}
