package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * Two engines on one database run the same decision at the same moment: each pair of calls is
 * started together, many times over, and the store must end as one run after the other would
 * leave it. Each of these raced before the engine took a row lock ahead of its read (found by
 * an audit: a person with two live cards, a Prefettura with six users, a server renewed twice,
 * expiries audited twice, a new person added in two enti refused with a constraint error).
 */
class EngineRacesTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final IstatCode MILANO = IstatCode.parse("015146");
    /** One hierarchy for the whole class: each holds one of the JVM's pre-made SoftHSM2 tokens. */
    private static TestPki pki;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<AutoCloseable> open = new ArrayList<>();
    private Sigillo a;
    private Sigillo b;

    @BeforeAll
    static void hierarchy() {
        pki = TestPki.create(KeySpec.EC_P256, new MutableClock(Instant.parse("2026-11-22T09:00:00Z")));
    }

    @AfterAll
    static void closeHierarchy() {
        pki.close();
    }

    private void start(Dialect dialect, Path dir) {
        Supplier<Database> store = TestDatabases.fresh(dialect, dir);
        Database da = TestDatabases.migrated(store);
        Database db = store.get();
        open.add(db);
        open.add(da);
        a = Sigillo.open(da, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"));
        b = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("b"), "b"));
        open.add(b);
        open.add(a);
        a.enti().add(Ente.of(ROMA, "Comune di Roma"));
        a.enti().add(Ente.of(MILANO, "Comune di Milano"));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static CodiceFiscale cf(int n) {
        return CodiceFiscale.parse(org.sigillo.validation.TestPki.codiceFiscale(n));
    }

    private static NewUser user(CodiceFiscale cf, ProfileSet profiles) {
        return new NewUser(cf, "Mario", "Rossi", profiles, EnvironmentSet.of(Environment.PRODUZIONE),
                EmailAddress.parse("u" + cf.canonical().toLowerCase() + "@example.it"), Optional.empty());
    }

    /** Runs both at once (released by one latch); each result or the exception it ended with. */
    private static List<Object> together(Callable<?> first, Callable<?> second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> c : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    out.add(f.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Two first card requests for one person, from two enti: one card stays, the other is revoked by it. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoFirstCardRequestsForOnePersonLeaveOneLiveCard(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        for (int i = 0; i < 8; i++) {
            CodiceFiscale p = cf(i);
            a.users().add(Actor.operator(), ROMA, user(p, ProfileSet.of(Profile.CONSULTAZIONE)));
            a.users().add(Actor.operator(), MILANO, user(p, ProfileSet.of(Profile.CONSULTAZIONE)));
            byte[] c1 = SoftwareCardCsr.newCsr();
            byte[] c2 = SoftwareCardCsr.newCsr();
            List<Object> r = together(() -> a.cards().request(Actor.operator(), ROMA, p, c1, CardRequestReason.FIRST).number(),
                    () -> b.cards().request(Actor.operator(), MILANO, p, c2, CardRequestReason.FIRST).number());
            r.forEach(x -> assertInstanceOf(String.class, x, "both requests are taken, one after the other: " + x));
            List<CardRecord> cards = a.cards().ofPerson(p);
            assertEquals(2, cards.size(), cards.toString());
            assertEquals(1, cards.stream().filter(c -> c.state() != CardState.REVOCATA).count(), "one live card: " + cards);
        }
    }

    /** A Prefettura with four users and two adds at once: five users, one LIMIT_REACHED. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aPrefetturaNeverGetsASixthUser(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        for (int trial = 0; trial < 3; trial++) {
            IstatCode pref = IstatCode.parse(String.format("%03d000", 10 + trial));
            a.enti().add(Ente.of(pref, "Prefettura " + trial));
            for (int i = 0; i < 4; i++) {
                a.users().add(Actor.operator(), pref, user(cf(100 * trial + i), ProfileSet.of(Profile.ALS)));
            }
            CodiceFiscale fifth = cf(100 * trial + 4);
            CodiceFiscale sixth = cf(100 * trial + 5);
            List<Object> r = together(() -> a.users().add(Actor.operator(), pref, user(fifth, ProfileSet.of(Profile.ALS))),
                    () -> b.users().add(Actor.operator(), pref, user(sixth, ProfileSet.of(Profile.ALS))));
            assertEquals(5, a.users().list(Actor.operator(), pref).size(), r.toString());
            assertEquals(1, r.stream().filter(x -> x instanceof RefusedException re && re.refusal() == Refusal.LIMIT_REACHED).count(),
                    r.toString());
        }
    }

    /** A person new to the store, added in two enti at once: both registrations are made. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aNewPersonAddedInTwoEntiAtOnceIsRegisteredInBoth(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        for (int i = 0; i < 8; i++) {
            CodiceFiscale p = cf(200 + i);
            List<Object> r = together(() -> a.users().add(Actor.operator(), ROMA, user(p, ProfileSet.of(Profile.CONSULTAZIONE))),
                    () -> b.users().add(Actor.operator(), MILANO, user(p, ProfileSet.of(Profile.CONSULTAZIONE))));
            r.forEach(x -> assertInstanceOf(UserRecord.class, x, "no constraint error: " + x));
            for (IstatCode e : List.of(ROMA, MILANO)) {
                assertTrue(a.users().find(Actor.operator(), e, p).isPresent(), p + " in " + e);
            }
        }
    }

    /** Two engines' renewal runs at once: each due server certificate is renewed once. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoRenewalRunsAtOnceRenewEachServerOnce(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        List<IstatCode> enti = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            IstatCode e = IstatCode.parse(String.format("058%03d", 101 + i));
            enti.add(e);
            a.enti().add(Ente.of(e, "Comune " + i));
            a.servers().request(e);
        }
        a.batch().run();
        clock.advance(Duration.ofDays(6 * 365 - 30));
        List<Object> r = together(() -> a.servers().renewDue(), () -> b.servers().renewDue());
        assertEquals(10, r.stream().mapToInt(x -> ((List<?>) x).size()).sum(), r.toString());
        for (IstatCode e : enti) {
            assertEquals(1, a.certificates().list(e, Optional.of(CertificateKind.SERVER),
                    Optional.of(CertificateState.RICHIESTA_IN_LAVORAZIONE)).size(), "one renewal queued for " + e);
        }
    }

    /** Two engines' expiry runs at once: each certificate is expired, counted and audited once. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoExpiryRunsAtOnceExpireAndAuditEachCertificateOnce(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        for (int i = 0; i < 30; i++) {
            a.workstations().register(ROMA, Optional.empty());
        }
        a.batch().run();
        long audited = ((AuditVerification.Intact) a.verifyAudit()).count();
        clock.advance(Duration.ofDays(7 * 365));
        List<Object> r = together(() -> a.certificates().expireDue(), () -> b.certificates().expireDue());
        assertEquals(30, (Integer) r.get(0) + (Integer) r.get(1), r.toString());
        assertEquals(audited + 30, ((AuditVerification.Intact) a.verifyAudit()).count(), "one CERT_EXPIRED entry each");
        assertTrue(a.certificates().list(ROMA, Optional.empty(), Optional.of(CertificateState.SCADUTO)).size() == 30);
    }
}
