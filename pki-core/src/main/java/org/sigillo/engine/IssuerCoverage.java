package org.sigillo.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CertificateAuthority;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.Profiles;

/**
 * Whether an issuing CA can still issue a certificate of the full end-entity validity (6 years
 * from issue, DOMAIN.md) inside its own. Once it has less left, every request it would issue is
 * refused {@link Refusal#CA_EXPIRES_TOO_SOON} when it is made, before anything is written: the CA
 * would have to issue a certificate outliving it, which RFC 5280 path validation refuses (and
 * {@link CertificateAuthority#issueEncoded} too), or a shorter one, which the domain does not
 * allow. The remedy is a CA rollover (a new issuing CA key and certificate under the root, the
 * old CA kept for its CRLs until its last certificate expires), which Sigillo does not do.
 *
 * <p>A request is checked as if issued {@link #QUEUE_MARGIN} after it is made: it is queued and
 * a batch issues it later (every 5 to 30 minutes in the guides), and a card request disables the
 * person's working card at once, so a request accepted in the CA's very last minutes would
 * revoke a working card for a certificate no batch can issue. Requests are refused one day early
 * instead; a request queued all the same (a batch not run for a day) stays queued, reported
 * with the refusal (see BatchIssuer).
 */
final class IssuerCoverage {
    /** How long after a request its batch may come, at most, for the check made at request time. */
    static final Duration QUEUE_MARGIN = Duration.ofDays(1);

    private final CaHierarchy ca;
    private final Clock clock;

    IssuerCoverage(CaHierarchy ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The CA that issues certificates of {@code kind}. */
    CertificateAuthority issuerOf(CertificateKind kind) {
        return kind == CertificateKind.SMART_CARD ? ca.smartCardCa() : ca.workstationCa();
    }

    /** Whether a request for a certificate of {@code kind} made at {@code at} would end inside its CA's validity when batched. */
    boolean covers(CertificateKind kind, Instant at) {
        return !endWhenBatched(at).isAfter(issuerOf(kind).notAfter());
    }

    /**
     * Refuses a request for a certificate of {@code kind} made now that its CA cannot cover.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON}
     */
    void requireNow(CertificateKind kind) {
        require(kind, clock.instant());
    }

    /** {@link #requireNow}, for a request made at {@code at}. */
    void require(CertificateKind kind, Instant at) {
        require(issuerOf(kind), endWhenBatched(at), " (a request is checked as issued a day after it is made)");
    }

    /**
     * Refuses a certificate that would end at {@code notAfter} when {@code issuer} ends before: the
     * batch's check, on the request's own notAfter.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON}, naming both dates
     */
    static void require(CertificateAuthority issuer, Instant notAfter) {
        require(issuer, notAfter, "");
    }

    /** The notAfter of a certificate requested at {@code at} and issued {@link #QUEUE_MARGIN} later. */
    private static Instant endWhenBatched(Instant at) {
        return Profiles.notAfter(at.plus(QUEUE_MARGIN));
    }

    private static void require(CertificateAuthority issuer, Instant notAfter, String how) {
        if (notAfter.isAfter(issuer.notAfter())) {
            throw new RefusedException(Refusal.CA_EXPIRES_TOO_SOON, "the " + issuer.role() + " "
                    + issuer.certificate().getSubjectX500Principal().getName() + " ends at " + issuer.notAfter()
                    + ", before " + notAfter + ", where the certificate must end (" + Profiles.VALIDITY + " from issue"
                    + how + "): it cannot issue one; the remedy is a CA rollover (a new issuing CA)");
        }
    }
}
