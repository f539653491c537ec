package org.sigillo.engine;

import java.time.Clock;
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
 */
final class IssuerCoverage {
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

    /** Whether a certificate of {@code kind} issued at {@code at} would end inside its CA's validity. */
    boolean covers(CertificateKind kind, Instant at) {
        return !Profiles.notAfter(at).isAfter(issuerOf(kind).notAfter());
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
        require(issuerOf(kind), Profiles.notAfter(at));
    }

    /**
     * Refuses a certificate that would end at {@code notAfter} when {@code issuer} ends before.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON}, naming both dates
     */
    static void require(CertificateAuthority issuer, Instant notAfter) {
        if (notAfter.isAfter(issuer.notAfter())) {
            throw new RefusedException(Refusal.CA_EXPIRES_TOO_SOON, "the " + issuer.role() + " "
                    + issuer.certificate().getSubjectX500Principal().getName() + " ends at " + issuer.notAfter()
                    + ", before " + notAfter + ", where a certificate issued now must end (" + Profiles.VALIDITY
                    + " from issue): it cannot issue one; the remedy is a CA rollover (a new issuing CA)");
        }
    }
}
