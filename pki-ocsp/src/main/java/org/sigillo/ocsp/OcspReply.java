package org.sigillo.ocsp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of an {@link OcspResponder}: the DER OCSPResponse and the facts an HTTP binding
 * needs for its cache headers.
 *
 * @param der        the DER OCSPResponse (possibly shared with other callers: never modify)
 * @param status     its responseStatus
 * @param thisUpdate when the answer was produced; empty unless successful
 * @param nextUpdate the earliest nextUpdate of its single responses; empty unless successful
 * @param etag       a strong HTTP entity tag (quoted) derived from a hash of {@code der}
 */
public record OcspReply(byte[] der, OcspResponseStatus status, Optional<Instant> thisUpdate,
                        Optional<Instant> nextUpdate, String etag) {
    public OcspReply {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(etag, "etag");
    }

    /** A reply carrying only an unsuccessful status. */
    static OcspReply failure(OcspResponseStatus status) {
        if (status == OcspResponseStatus.SUCCESSFUL) {
            throw new IllegalArgumentException("a successful reply needs response bytes");
        }
        byte[] der = status.bareResponse();
        return new OcspReply(der, status, Optional.empty(), Optional.empty(), ETags.of(der));
    }

    /** Whether the answer may be served from HTTP caches (successful, with a nextUpdate). */
    public boolean cacheable() {
        return status == OcspResponseStatus.SUCCESSFUL && nextUpdate.isPresent();
    }
}
