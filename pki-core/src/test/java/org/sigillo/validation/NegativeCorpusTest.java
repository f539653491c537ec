package org.sigillo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sigillo.crl.RevocationReason;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.status.InMemoryStatusSource;

/**
 * Runs every case of {@code testdata/validation/corpus.properties}: each pair gives exactly its
 * expected reason in its expected slot, through both the caching and the uncached validator.
 */
class NegativeCorpusTest {

    /** The live-state setups a case may apply on top of the default live state. */
    enum Setup {
        BLOCK_WORKSTATION, REVOKE_WORKSTATION, FORGET_WORKSTATION_STATUS, BLOCK_CARD, REVOKE_CARD,
        MAKE_OLD_CARD_CURRENT, BLOCK_USER, REMOVE_REGISTRATION, DEACTIVATE_REGISTRATION
    }

    private static final Path DIR = Path.of(System.getProperty("sigillo.testdata", "../testdata")).resolve("validation");
    private static Properties manifest;

    @BeforeAll
    static void load() throws IOException {
        if (!Files.exists(DIR.resolve("corpus.properties"))) {
            CorpusGenerator.generate(DIR);
        }
        manifest = new Properties();
        try (Reader r = Files.newBufferedReader(DIR.resolve("corpus.properties"), StandardCharsets.UTF_8)) {
            manifest.load(r);
        }
    }

    private static Set<String> caseNames() {
        Set<String> names = new TreeSet<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith("case.")) {
                names.add(key.substring(5, key.indexOf('.', 5)));
            }
        }
        return names;
    }

    @TestFactory
    List<DynamicTest> everyCaseGivesItsReasonAndNothingElse() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : caseNames()) {
            tests.add(DynamicTest.dynamicTest(name, () -> runCase(name)));
        }
        assertTrue(tests.size() >= 30, "corpus has " + tests.size() + " cases");
        return tests;
    }

    @Test
    void theCorpusCoversEveryRefusalReason() {
        Set<RefusalReason> covered = EnumSet.noneOf(RefusalReason.class);
        for (String name : caseNames()) {
            String expect = property(name, "expect");
            if (!expect.equals("ACCEPTED")) {
                covered.add(RefusalReason.valueOf(expect));
            }
        }
        assertEquals(EnumSet.allOf(RefusalReason.class), covered);
    }

    private static void runCase(String name) throws IOException {
        InMemoryStatusSource status = new InMemoryStatusSource();
        InMemoryLiveRegistry registry = new InMemoryLiveRegistry();
        CodiceFiscale cf = CodiceFiscale.parse(manifest.getProperty("live.cf"));
        IstatCode ente = new IstatCode(manifest.getProperty("live.ente"));
        for (String file : manifest.getProperty("live.issued").split(",")) {
            status.put(akiOf(file), serialOf(file), CertStatus.GOOD);
        }
        String current = manifest.getProperty("live.currentCard");
        registry.setUserState(cf, UserState.ATTIVO);
        registry.setCurrentCard(cf, new CardRef(akiOf(current), serialOf(current)));
        Registration registration = new Registration(ProfileSet.parse(manifest.getProperty("live.profiles")),
                EnvironmentSet.parse(manifest.getProperty("live.environments")), true);
        registry.putRegistration(cf, ente, registration);

        String setup = manifest.getProperty("case." + name + ".setup");
        if (setup != null) {
            CertStatus hold = new CertStatus.Revoked(Instant.parse("2026-05-01T00:00:00Z"),
                    RevocationReason.CERTIFICATE_HOLD, Optional.empty());
            CertStatus revoked = new CertStatus.Revoked(Instant.parse("2026-05-01T00:00:00Z"),
                    RevocationReason.KEY_COMPROMISE, Optional.empty());
            String ws = property(name, "workstation");
            String card = property(name, "card");
            switch (Setup.valueOf(setup)) {
                case BLOCK_WORKSTATION: status.put(akiOf(ws), serialOf(ws), hold); break;
                case REVOKE_WORKSTATION: status.put(akiOf(ws), serialOf(ws), revoked); break;
                case FORGET_WORKSTATION_STATUS:
                    status = withoutStatusOf(manifest.getProperty("live.issued"), ws);
                    break;
                case BLOCK_CARD: status.put(akiOf(card), serialOf(card), hold); break;
                case REVOKE_CARD: status.put(akiOf(card), serialOf(card), revoked); break;
                case MAKE_OLD_CARD_CURRENT: registry.setCurrentCard(cf, new CardRef(akiOf("card-old.der"),
                        serialOf("card-old.der"))); break;
                case BLOCK_USER: registry.setUserState(cf, UserState.BLOCCATO); break;
                case REMOVE_REGISTRATION: registry.removeRegistration(cf, ente); break;
                case DEACTIVATE_REGISTRATION: registry.putRegistration(cf, ente,
                        new Registration(registration.profiles(), registration.environments(), false)); break;
                default: throw new AssertionError(setup);
            }
        }
        String at = manifest.getProperty("case." + name + ".at", manifest.getProperty("clock"));
        Clock clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
        byte[] ws = read(property(name, "workstation"));
        byte[] card = read(property(name, "card"));
        Environment env = Environment.parse(property(name, "environment"));
        String challenge = manifest.getProperty("case." + name + ".challenge");
        for (long cacheSize : new long[] {1000, 0}) {
            DualCheckValidator v = DualCheckValidator.builder()
                    .workstationCa(TestPki.x509(read(manifest.getProperty("anchor.workstation"))))
                    .smartCardCa(TestPki.x509(read(manifest.getProperty("anchor.card"))))
                    .statusSource(status).liveRegistry(registry).clock(clock).cacheSize(cacheSize).build();
            for (int pass = 0; pass < 2; pass++) { // the second pass answers from the cache
                CheckResult result = challenge == null ? v.check(ws, card, env)
                        : v.check(ws, card, env, new PossessionProof(read(challenge),
                        read(property(name, "signature"))));
                String expect = property(name, "expect");
                if (expect.equals("ACCEPTED")) {
                    assertTrue(result.accepted(), () -> name + ": " + result);
                    assertEquals(cf, ((CheckResult.Accepted) result).principal().codiceFiscale());
                } else {
                    assertTrue(result instanceof CheckResult.Refused, () -> name + ": " + result);
                    CheckResult.Refused r = (CheckResult.Refused) result;
                    assertEquals(RefusalReason.valueOf(expect), r.reason(), () -> name + ": " + r.detail());
                    assertEquals(Slot.valueOf(property(name, "slot")), r.slot(), () -> name + ": " + r.detail());
                }
            }
        }
    }

    private static InMemoryStatusSource withoutStatusOf(String issued, String skipped) throws IOException {
        InMemoryStatusSource s = new InMemoryStatusSource();
        for (String file : issued.split(",")) {
            if (!file.equals(skipped)) {
                s.put(akiOf(file), serialOf(file), CertStatus.GOOD);
            }
        }
        return s;
    }

    private static String property(String name, String key) {
        String value = manifest.getProperty("case." + name + "." + key);
        if (value == null) {
            throw new AssertionError("case " + name + " has no " + key);
        }
        return value;
    }

    private static byte[] read(String file) throws IOException {
        return Files.readAllBytes(DIR.resolve(file));
    }

    private static byte[] akiOf(String file) throws IOException {
        Certificate c = Certificate.getInstance(read(file));
        return AuthorityKeyIdentifier.fromExtensions(c.getTBSCertificate().getExtensions()).getKeyIdentifier();
    }

    private static BigInteger serialOf(String file) throws IOException {
        return Certificate.getInstance(read(file)).getSerialNumber().getValue();
    }
}
