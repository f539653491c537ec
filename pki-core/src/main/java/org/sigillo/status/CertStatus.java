package org.sigillo.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;

/**
 * What relying parties are told about one certificate: good, revoked (a block is "revoked"
 * with reason certificateHold), or unknown to the issuer.
 */
public sealed interface CertStatus {

    /** Issued by the CA and neither revoked nor blocked (it may still be expired). */
    record Good() implements CertStatus {
    }

    /** Revoked or blocked. */
    record Revoked(Instant revocationTime, RevocationReason reason, Optional<Instant> invalidityDate) implements CertStatus {
        public Revoked {
            Objects.requireNonNull(revocationTime, "revocationTime");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(invalidityDate, "invalidityDate");
        }

        /** Whether this is a block (temporary, reason certificateHold). */
        public boolean isHold() {
            return reason == RevocationReason.CERTIFICATE_HOLD;
        }
    }

    /** The issuer never issued this serial. */
    record Unknown() implements CertStatus {
    }

    CertStatus GOOD = new Good();
    CertStatus UNKNOWN = new Unknown();
}
