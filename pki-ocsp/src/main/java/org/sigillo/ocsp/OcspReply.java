package org.sigillo.ocsp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of an {@link OcspResponder}: the DER OCSPResponse and the facts an HTTP binding
 * needs for its cache headers. Immutable: the bytes are copied in and {@link #der()} hands out a
 * copy, so no caller can change a signed answer that is cached and served to other clients.
 * Equality is by value (the bytes' content, not the array's identity).
 *
 * @param der        the DER OCSPResponse
 * @param status     its responseStatus
 * @param thisUpdate when the answer was produced; empty unless successful
 * @param nextUpdate the earliest nextUpdate of its single responses; empty unless successful
 * @param etag       a strong HTTP entity tag (quoted) derived from a hash of {@code der}
 */
public record OcspReply(byte[] der, OcspResponseStatus status, Optional<Instant> thisUpdate,
                        Optional<Instant> nextUpdate, String etag) {
    /** Copies {@code der}: the caller may reuse or change its array afterwards. */
    public OcspReply {
        der = Objects.requireNonNull(der, "der").clone();
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

    /** The DER OCSPResponse: a new array the caller owns. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /**
     * The DER OCSPResponse itself, not a copy, for this package's HTTP handler, which writes it
     * to the client and nothing else: a cached answer is served without allocating. Never
     * modify it, and never let it leave the package.
     */
    byte[] sharedDer() {
        return der;
    }

    /** Whether the answer may be served from HTTP caches (successful, with a nextUpdate). */
    public boolean cacheable() {
        return status == OcspResponseStatus.SUCCESSFUL && nextUpdate.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OcspReply r && Arrays.equals(der, r.der) && status == r.status
                && thisUpdate.equals(r.thisUpdate) && nextUpdate.equals(r.nextUpdate) && etag.equals(r.etag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(der), status, thisUpdate, nextUpdate, etag);
    }

    @Override
    public String toString() {
        return "OcspReply[" + status + ", " + der.length + " bytes, thisUpdate=" + thisUpdate.orElse(null)
                + ", nextUpdate=" + nextUpdate.orElse(null) + ", etag=" + etag + "]";
    }
}
