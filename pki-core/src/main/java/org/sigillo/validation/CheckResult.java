package org.sigillo.validation;

import java.util.Objects;

/** The outcome of one dual check: a session principal, or one precise refusal. */
public sealed interface CheckResult {

    /** Whether the check accepted the pair. */
    boolean accepted();

    /** Both certificates passed every check: the session may proceed as {@code principal}. */
    record Accepted(SessionPrincipal principal) implements CheckResult {
        public Accepted {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The first check that failed, the slot it failed in, and a human-readable detail for logs. */
    record Refused(RefusalReason reason, Slot slot, String detail) implements CheckResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
