package org.sigillo.validation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.sigillo.registry.Environment;
import org.sigillo.status.CertStatus;
import org.sigillo.status.StatusSource;

/**
 * The dual check at login (DOMAIN.md): the workstation certificate first, then the person's
 * smart-card certificate, giving a {@link SessionPrincipal} or the first failed check as one
 * {@link RefusalReason}.
 *
 * <p>Order, workstation slot: decodable; signed by a trusted CA; kind PC (not CO, not a card
 * or CA certificate); inside its validity; not blocked, revoked nor unknown to its issuer.
 * Card slot: decodable; signed by a trusted CA; kind smart card; a valid codice fiscale;
 * inside its validity; not blocked, revoked nor unknown; the person's current card; the person
 * not blocked; an active registration in the workstation's ente; that registration allowing the
 * environment; then, if asked, the possession proof.
 *
 * <p>Immutable facts of a certificate (signature, kind, identity, validity bounds, serial,
 * issuer) are cached against its exact DER when caching is on; everything live (the clock, the
 * {@link StatusSource}, the {@link LiveRegistry}) is read on every call, so a block, a
 * revocation, a new card or a blocked user take effect on the very next check. Thread-safe.
 * No method throws for any certificate bytes: {@code null} or undecodable input is
 * {@link RefusalReason#MALFORMED_INPUT}.
 */
public final class DualCheckValidator {

    private final FactsSource facts;
    private final StatusSource status;
    private final LiveRegistry registry;
    private final Clock clock;
    /** With a cache, live state is read through handles the cached facts keep (no lookups). */
    private final boolean handles;

    private DualCheckValidator(Builder b) {
        CertExaminer examiner = new CertExaminer(List.of(
                new TrustedIssuer(TrustedIssuer.Role.WORKSTATION_CA, b.workstationCa),
                new TrustedIssuer(TrustedIssuer.Role.SMART_CARD_CA, b.smartCardCa)));
        this.facts = b.cacheSize == 0 ? FactsSource.uncached(examiner) : FactsSource.cached(examiner, b.cacheSize);
        this.status = b.status;
        this.registry = b.registry;
        this.clock = b.clock;
        this.handles = b.cacheSize > 0;
    }

    /** A builder; every setter but {@link Builder#cacheSize} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a workstation certificate and a card certificate (DER) for a session in
     * {@code environment}. The arrays are only read, never kept (a cached entry holds a copy).
     *
     * @throws NullPointerException if {@code environment} is null (a programming error, not input)
     */
    public CheckResult check(byte[] workstationDer, byte[] cardDer, Environment environment) {
        return check(workstationDer, false, cardDer, false, environment, null);
    }

    /** As {@link #check(byte[], byte[], Environment)}, for certificates already decoded by the JDK. */
    public CheckResult check(X509Certificate workstation, X509Certificate card, Environment environment) {
        return checkJdk(workstation, card, environment, null);
    }

    /**
     * As {@link #check(byte[], byte[], Environment)}, and last of all checks that
     * {@code proof.signature()} over {@code proof.challenge()} verifies with the card
     * certificate's key; the challenge must be fresh and chosen by the server.
     */
    public CheckResult check(byte[] workstationDer, byte[] cardDer, Environment environment, PossessionProof proof) {
        Objects.requireNonNull(proof, "proof");
        return check(workstationDer, false, cardDer, false, environment, proof);
    }

    /** As {@link #check(byte[], byte[], Environment, PossessionProof)}, for JDK certificates. */
    public CheckResult check(X509Certificate workstation, X509Certificate card, Environment environment,
                             PossessionProof proof) {
        Objects.requireNonNull(proof, "proof");
        return checkJdk(workstation, card, environment, proof);
    }

    private CheckResult checkJdk(X509Certificate workstation, X509Certificate card, Environment environment,
                                 PossessionProof proof) {
        Objects.requireNonNull(environment, "environment");
        byte[] ws = encoded(workstation);
        if (ws == null) {
            return new CheckResult.Refused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION, "no encodable certificate");
        }
        byte[] cd = encoded(card);
        // the workstation is checked first even when the card cannot be encoded
        return check(ws, true, cd, true, environment, proof);
    }

    private CheckResult check(byte[] wsDer, boolean wsOwned, byte[] cardDer, boolean cardOwned,
                              Environment environment, PossessionProof proof) {
        Objects.requireNonNull(environment, "environment");
        long now = clock.millis();

        // 1. the workstation certificate
        if (wsDer == null) {
            return refused(RefusalReason.MALFORMED_INPUT, Slot.WORKSTATION, "no certificate");
        }
        Examination we = facts.facts(wsDer, wsOwned);
        if (we instanceof Examination.Failure) {
            return refused((Examination.Failure) we, Slot.WORKSTATION);
        }
        CertFacts ws = (CertFacts) we;
        if (ws.kind != CertKind.WORKSTATION) {
            return refused(RefusalReason.WRONG_KIND, Slot.WORKSTATION,
                    "a " + ws.kind + " certificate is not a workstation certificate: " + ws.subject());
        }
        CheckResult live = liveCertificateChecks(ws, Slot.WORKSTATION, now);
        if (live != null) {
            return live;
        }

        // 2. the smart-card certificate
        if (cardDer == null) {
            return refused(RefusalReason.MALFORMED_INPUT, Slot.CARD, "no certificate");
        }
        Examination ce = facts.facts(cardDer, cardOwned);
        if (ce instanceof Examination.Failure) {
            return refused((Examination.Failure) ce, Slot.CARD);
        }
        CertFacts card = (CertFacts) ce;
        if (card.kind != CertKind.SMART_CARD) {
            return refused(RefusalReason.WRONG_KIND, Slot.CARD,
                    "a " + card.kind + " certificate is not a smart-card certificate: " + card.subject());
        }
        if (card.cf == null) {
            return refused(RefusalReason.INVALID_CF, Slot.CARD, card.cfProblem);
        }
        live = liveCertificateChecks(card, Slot.CARD, now);
        if (live != null) {
            return live;
        }
        // without a cache there is no handle to keep: three lookups
        PersonFacts person = handles ? card.holder(registry) : PersonFacts.lookingUp(registry, card.cf);
        Optional<CardRef> current = person.currentCard();
        if (current.isEmpty() || !card.isNamedBy(current.get())) {
            return refused(RefusalReason.NOT_CURRENT_CARD, Slot.CARD, "card serial " + card.serial.toString(16)
                    + " is not the current card of " + card.cf + " (current: "
                    + current.map(CardRef::toString).orElse("none") + ")");
        }
        Optional<UserState> state = person.userState();
        if (state.isEmpty() || state.get() != UserState.ATTIVO) {
            return refused(RefusalReason.USER_BLOCKED, Slot.CARD,
                    card.cf + " is " + state.map(UserState::name).orElse("not a known user"));
        }
        Optional<Registration> registration = person.registration(ws.ente);
        if (registration.isPresent() && !registration.get().active()) {
            return refused(RefusalReason.USER_BLOCKED, Slot.CARD, card.cf + " is blocked in ente " + ws.ente);
        }
        if (registration.isEmpty()) {
            return refused(RefusalReason.NO_REGISTRATION_IN_ENTE, Slot.CARD,
                    card.cf + " has no active registration in ente " + ws.ente);
        }
        Registration reg = registration.get();
        if (!reg.environments().contains(environment)) {
            return refused(RefusalReason.ENVIRONMENT_NOT_ALLOWED, Slot.CARD, "the registration of " + card.cf
                    + " in ente " + ws.ente + " allows " + reg.environments() + ", not " + environment);
        }
        if (proof != null && !possessionProven(card, proof)) {
            return refused(RefusalReason.POSSESSION_PROOF_FAILED, Slot.CARD,
                    "the challenge signature does not verify with the key of card serial " + card.serial.toString(16));
        }
        return new CheckResult.Accepted(new SessionPrincipal(ws.ente, ws.code, card.cf, reg.profiles(), environment));
    }

    /** Validity period and live status; null when both pass. */
    private CheckResult liveCertificateChecks(CertFacts c, Slot slot, long now) {
        if (now < c.notBeforeMillis) {
            return refused(RefusalReason.NOT_YET_VALID, slot,
                    "valid from " + Instant.ofEpochMilli(c.notBeforeMillis) + ": " + c.subject());
        }
        if (now > c.notAfterMillis) {
            return refused(RefusalReason.EXPIRED, slot,
                    "expired at " + Instant.ofEpochMilli(c.notAfterMillis) + ": " + c.subject());
        }
        CertStatus s = handles ? c.status(status) : status.status(c.issuer.keyId, c.serial);
        if (s instanceof CertStatus.Good) {
            return null;
        }
        if (s instanceof CertStatus.Revoked) {
            CertStatus.Revoked r = (CertStatus.Revoked) s;
            return refused(r.isHold() ? RefusalReason.BLOCKED : RefusalReason.REVOKED, slot,
                    (r.isHold() ? "blocked" : "revoked (" + r.reason() + ")") + " at " + r.revocationTime()
                            + ": " + c.subject());
        }
        return refused(RefusalReason.STATUS_UNKNOWN, slot, "serial " + c.serial.toString(16)
                + " is unknown to " + c.issuer.name);
    }

    private static boolean possessionProven(CertFacts card, PossessionProof proof) {
        AsymmetricKeyParameter key = card.publicKey();
        if (key == null) {
            return false;
        }
        Signer verifier = TrustedIssuer.verifierFor(TrustedIssuer.sha256With(key), key);
        if (verifier == null) {
            return false;
        }
        try {
            verifier.init(false, key);
            verifier.update(proof.challenge(), 0, proof.challenge().length);
            return verifier.verifySignature(proof.signature());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        if (certificate == null) {
            return null;
        }
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException | RuntimeException e) {
            return null;
        }
    }

    private static CheckResult refused(RefusalReason reason, Slot slot, String detail) {
        return new CheckResult.Refused(reason, slot, detail);
    }

    private static CheckResult refused(Examination.Failure f, Slot slot) {
        return new CheckResult.Refused(f.reason(), slot, f.detail());
    }

    /** Builds a {@link DualCheckValidator}; fails fast on a missing or conflicting setting. */
    public static final class Builder {
        private X509Certificate workstationCa;
        private X509Certificate smartCardCa;
        private StatusSource status;
        private LiveRegistry registry;
        private Clock clock;
        private long cacheSize = 100_000;

        private Builder() {
        }

        /** The trusted "workstation and server" issuing CA (must carry a subject key identifier). */
        public Builder workstationCa(X509Certificate certificate) {
            this.workstationCa = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** The trusted smart-card issuing CA (must carry a subject key identifier). */
        public Builder smartCardCa(X509Certificate certificate) {
            this.smartCardCa = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** The live block and revocation status of both CAs' certificates. */
        public Builder statusSource(StatusSource source) {
            this.status = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The live people registry. */
        public Builder liveRegistry(LiveRegistry liveRegistry) {
            this.registry = Objects.requireNonNull(liveRegistry, "liveRegistry");
            return this;
        }

        /** The clock validity periods are checked against. */
        public Builder clock(Clock checkClock) {
            this.clock = Objects.requireNonNull(checkClock, "checkClock");
            return this;
        }

        /**
         * How many verified certificates to remember (default 100,000); 0 turns caching off, so
         * every check parses and verifies both certificates.
         */
        public Builder cacheSize(long entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("cache size must be 0 (off) or positive, was " + entries);
            }
            this.cacheSize = entries;
            return this;
        }

        /**
         * The validator.
         *
         * @throws IllegalStateException naming the first missing setting
         * @throws IllegalArgumentException if a CA certificate cannot be decoded, has no subject
         *         key identifier or a key that is neither EC nor RSA
         */
        public DualCheckValidator build() {
            require(workstationCa, "workstationCa");
            require(smartCardCa, "smartCardCa");
            require(status, "statusSource");
            require(registry, "liveRegistry");
            require(clock, "clock");
            return new DualCheckValidator(this);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalStateException(name + " was not set");
            }
        }
    }
}
