package org.sigillo.validation;

import java.time.Instant;

import org.bouncycastle.asn1.x509.Certificate;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.testing.MutableClock;

/**
 * A test PKI with live state around one valid pair: workstation 058091-PC-0001 of Roma and the
 * card of RSSMRA85T10A562S, registered in Roma as CONSULTAZIONE for PRODUZIONE only.
 */
final class Fixture {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final IstatCode ROMA = new IstatCode("058091");
    static final CodiceFiscale CF = CodiceFiscale.parse("RSSMRA85T10A562S");
    static final ProfileSet PROFILES = ProfileSet.of(Profile.CONSULTAZIONE);

    final TestPki pki;
    final InMemoryStatusSource status = new InMemoryStatusSource();
    final InMemoryLiveRegistry registry = new InMemoryLiveRegistry();
    final MutableClock clock = new MutableClock(NOW);
    final TestPki.Leaf workstation;
    final TestPki.Leaf card;

    Fixture(TestPki.Algorithm algorithm) {
        this(new TestPki(algorithm, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")));
    }

    Fixture(TestPki pki) {
        this.pki = pki;
        this.workstation = good(pki.workstation(ROMA.value(), 1, null));
        this.card = good(pki.card(CF.asGiven(), "Mario", "Rossi", TestPki.ecKeyPair()));
        registry.setUserState(CF, UserState.ATTIVO);
        registry.setCurrentCard(CF, new CardRef(pki.smartCardCa.keyId, card.serial()));
        registry.putRegistration(CF, ROMA,
                new Registration(PROFILES, EnvironmentSet.of(Environment.PRODUZIONE), true));
    }

    /** Records the leaf as issued (status good) under the CA that issued it. */
    TestPki.Leaf good(TestPki.Leaf leaf) {
        status.put(issuerKeyId(leaf), leaf.serial(), CertStatus.GOOD);
        return leaf;
    }

    byte[] issuerKeyId(TestPki.Leaf leaf) {
        Certificate c = Certificate.getInstance(leaf.der());
        return c.getIssuer().equals(pki.smartCardCa.name) ? pki.smartCardCa.keyId : pki.workstationCa.keyId;
    }

    DualCheckValidator validator() {
        return validator(100_000);
    }

    DualCheckValidator validator(long cacheSize) {
        return DualCheckValidator.builder()
                .workstationCa(pki.workstationCa.x509())
                .smartCardCa(pki.smartCardCa.x509())
                .statusSource(status)
                .liveRegistry(registry)
                .clock(clock)
                .cacheSize(cacheSize)
                .build();
    }
}
