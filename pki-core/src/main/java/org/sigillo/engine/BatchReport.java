package org.sigillo.engine;

import java.util.List;

/**
 * What one batch did.
 *
 * @param issued  codes issued and recorded
 * @param renewed server codes queued for renewal before issuing
 * @param failed  requests left queued, each with the reason
 */
public record BatchReport(List<String> issued, List<String> renewed, List<Failure> failed) {
    public BatchReport {
        issued = List.copyOf(issued);
        renewed = List.copyOf(renewed);
        failed = List.copyOf(failed);
    }

    /** A request the batch could not issue; it stays queued for the next batch. */
    public record Failure(String code, String reason) {
    }
}
