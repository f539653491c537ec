package org.sigillo.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;
import org.sigillo.validation.CardRef;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.InMemoryLiveRegistry;
import org.sigillo.validation.Registration;
import org.sigillo.validation.TestPki;
import org.sigillo.validation.UserState;

/**
 * The live state of the validation corpus ({@code testdata/validation}, see
 * {@code corpus.properties}) around its accepted pair {@code ws-ok.der} + {@code card-ok.der}
 * at 2026-06-01: the fuzz and hostile-input tests start from a pair that passes every check.
 */
final class ValidatorFixture {
    static final Path DIR = Path.of(System.getProperty("sigillo.testdata", "../testdata")).resolve("validation");
    static final CodiceFiscale CF = CodiceFiscale.parse("RSSMRA85T10A562S");
    static final IstatCode ENTE = new IstatCode("058091");

    final byte[] workstation = read("ws-ok.der");
    final byte[] card = read("card-ok.der");
    final InMemoryStatusSource status = new InMemoryStatusSource();
    final InMemoryLiveRegistry registry = new InMemoryLiveRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    ValidatorFixture() {
        for (byte[] der : new byte[][] {workstation, card}) {
            status.put(aki(der), serial(der), CertStatus.GOOD);
        }
        registry.setUserState(CF, UserState.ATTIVO);
        registry.setCurrentCard(CF, new CardRef(aki(card), serial(card)));
        registry.putRegistration(CF, ENTE, new Registration(ProfileSet.of(Profile.CONSULTAZIONE),
                EnvironmentSet.of(Environment.PRODUZIONE), true));
    }

    /** A validator over the corpus's trust anchors; {@code cacheSize} 0 examines every time. */
    DualCheckValidator validator(long cacheSize) {
        return DualCheckValidator.builder()
                .workstationCa(TestPki.x509(read("ws-ca.der")))
                .smartCardCa(TestPki.x509(read("card-ca.der")))
                .statusSource(status).liveRegistry(registry).clock(clock).cacheSize(cacheSize).build();
    }

    static byte[] read(String file) {
        try {
            return Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] aki(byte[] der) {
        Certificate c = Certificate.getInstance(der);
        return AuthorityKeyIdentifier.fromExtensions(c.getTBSCertificate().getExtensions()).getKeyIdentifier();
    }

    private static BigInteger serial(byte[] der) {
        return Certificate.getInstance(der).getSerialNumber().getValue();
    }
}
