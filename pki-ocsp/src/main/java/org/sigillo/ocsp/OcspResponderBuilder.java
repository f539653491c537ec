package org.sigillo.ocsp;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settles the configuration of an {@link OcspResponder} once; {@link #build()} refuses
 * incomplete or contradictory settings, so a responder that builds is valid.
 *
 * <p>The responder built answers as follows. Every CertID of a request must name the same
 * served CA (matched by issuerNameHash and issuerKeyHash, hashed with SHA-1, SHA-256, SHA-384
 * or SHA-512): a delegated signer is authorised for its own CA only (RFC 6960 4.2.2.2), so a
 * request naming a CA that is not served, mixing CAs, or hashed otherwise is refused as a whole
 * with {@code unauthorized}. Up to {@link #maxRequestsPerMessage(int)} CertIDs are answered together
 * in one response. A single-CertID request without nonce gets a pre-produced answer, dropped as
 * soon as the status source reports a change and re-signed after half the validity; requests
 * with a nonce (1 to 32 octets, RFC 8954; others are malformedRequest) are signed fresh and the
 * nonce echoed. The ResponderID is byKey, thisUpdate = producedAt = now (whole seconds),
 * nextUpdate = now + validity, and {@code certs} carries the configured signer chain.
 */
public final class OcspResponderBuilder {
    private final List<OcspIssuer> issuers = new ArrayList<>();
    private Clock clock;
    private Duration validity = Duration.ofHours(1);
    private long cacheMaximumSize = 100_000;
    private int maxRequestsPerMessage = 32;

    OcspResponderBuilder() {
    }

    /** Adds an issuing CA to answer for. */
    public OcspResponderBuilder issuer(OcspIssuer issuer) {
        Objects.requireNonNull(issuer, "issuer");
        for (OcspIssuer other : issuers) {
            if (other.issuerCertificate().equals(issuer.issuerCertificate())) {
                throw new InvalidOcspConfigurationException("issuer " + issuer.issuerCertificate().getSubjectX500Principal()
                        + " was already added");
            }
        }
        issuers.add(issuer);
        return this;
    }

    /** The clock for thisUpdate, nextUpdate, producedAt and cache expiry (required). */
    public OcspResponderBuilder clock(Clock clock) {
        if (this.clock != null) {
            throw new InvalidOcspConfigurationException("clock was already set to " + this.clock);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * How long an answer is valid: nextUpdate = thisUpdate + validity. Pre-produced answers are
     * re-signed after half of it. Default 1 hour; at least 2 seconds.
     */
    public OcspResponderBuilder validity(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new InvalidOcspConfigurationException("validity must be at least 2 seconds, was " + validity);
        }
        this.validity = validity;
        return this;
    }

    /** How many pre-produced answers are kept (default 100,000; 0 disables pre-production). */
    public OcspResponderBuilder cacheMaximumSize(long size) {
        if (size < 0) {
            throw new InvalidOcspConfigurationException("cache maximum size must be zero or positive, was " + size);
        }
        this.cacheMaximumSize = size;
        return this;
    }

    /** The most CertIDs accepted in one request (default 32); more is malformedRequest. */
    public OcspResponderBuilder maxRequestsPerMessage(int max) {
        if (max < 1 || max > 1024) {
            throw new InvalidOcspConfigurationException("max requests per message must be 1..1024, was " + max);
        }
        this.maxRequestsPerMessage = max;
        return this;
    }

    /**
     * Builds the responder and registers it as a listener of every issuer's status source.
     *
     * @throws InvalidOcspConfigurationException when no issuer was added or no clock was set
     */
    public OcspResponder build() {
        if (issuers.isEmpty()) {
            throw new InvalidOcspConfigurationException("no issuer to answer for");
        }
        if (clock == null) {
            throw new InvalidOcspConfigurationException("no clock set");
        }
        return new DelegatedOcspResponder(List.copyOf(issuers), clock, validity, cacheMaximumSize, maxRequestsPerMessage);
    }
}
