package org.sigillo.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.HsmFault;

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

    /**
     * Whether requests failed and every one of them was stopped by a rule of the domain
     * ({@link Failure#refusal()}), none by the HSM or the store: the CLI exits 1 then, not 3.
     */
    public boolean failedByRulesOnly() {
        return !failed.isEmpty() && failed.stream().allMatch(f -> f.refusal().isPresent());
    }

    /**
     * A request the batch could not issue; it stays queued for the next batch.
     *
     * @param code     the request's code
     * @param reason   what went wrong, for the operator
     * @param hsmFault the typed fault when the HSM refused (the token away, say), so a caller
     *                 can tell "retry once the token is back" from a request that will never pass
     * @param refusal  the typed refusal when a rule of the domain stopped it (the issuing CA ends
     *                 too soon: {@link Refusal#CA_EXPIRES_TOO_SOON}, which only a CA rollover lifts)
     */
    public record Failure(String code, String reason, Optional<HsmFault> hsmFault,
                          Optional<Refusal> refusal) {
        /** Refuses null parts. */
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(hsmFault, "hsmFault");
            Objects.requireNonNull(refusal, "refusal");
        }

        /** A failure that did not come from the HSM nor from a rule. */
        public Failure(String code, String reason) {
            this(code, reason, Optional.empty(), Optional.empty());
        }

        /** The failure of {@code code} caused by {@code cause}, typed when the HSM or a rule refused. */
        static Failure of(String code, Throwable cause) {
            return new Failure(code, String.valueOf(cause), cause instanceof HsmException h
                    ? Optional.of(h.fault()) : Optional.empty(),
                    cause instanceof RefusedException r ? Optional.of(r.refusal()) : Optional.empty());
        }
    }
}
