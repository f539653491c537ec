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
import java.util.concurrent.locks.LockSupport;
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
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.AuditAction;
import org.sigillo.store.AuditLog;
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
    private Database database;
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
        database = da;
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
        return together(first, second, 0);
    }

    /** {@link #together(Callable, Callable)}, the second started {@code lagNanos} after the first. */
    private static List<Object> together(Callable<?> first, Callable<?> second, long lagNanos) throws Exception {
        Callable<?> late = lagNanos == 0 ? second : () -> {
            long until = System.nanoTime() + lagNanos;
            if (lagNanos > 2_000_000) { // sleep most of a long lag: a spinning thread takes a core from the race
                LockSupport.parkNanos(lagNanos - 1_000_000);
            }
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return second.call();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> c : List.of(first, late)) {
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

    /**
     * A card request and the deletion of the person's only registration, at once: either the
     * request comes first and the deletion revokes its card, or the deletion comes first and the
     * request is refused (UNKNOWN_USER). Never a live card for a person registered nowhere.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCardRequestRacingTheDeletionOfTheOnlyRegistrationLeavesNoLiveCard(Dialect dialect, @TempDir Path dir)
            throws Exception {
        start(dialect, dir);
        // deletions started across the time a request takes land before it, inside it and after it
        long requestNanos = 0;
        for (int i = 0; i < 2; i++) {
            CodiceFiscale p = cf(290 + i);
            a.users().add(Actor.operator(), ROMA, user(p, ProfileSet.of(Profile.CONSULTAZIONE)));
            byte[] csr = SoftwareCardCsr.newCsr();
            long start = System.nanoTime();
            a.cards().request(Actor.operator(), ROMA, p, csr, CardRequestReason.FIRST).destroy();
            requestNanos = System.nanoTime() - start; // the second, warm
        }
        // the lag is bisected towards the point where the two orders meet, which is where they race
        long early = 0;
        long late = requestNanos * 3 / 2;
        int[] seen = new int[2]; // requests refused, requests taken
        for (int i = 0; i < 24; i++) {
            CodiceFiscale p = cf(300 + i);
            a.users().add(Actor.operator(), ROMA, user(p, ProfileSet.of(Profile.CONSULTAZIONE)));
            byte[] csr = SoftwareCardCsr.newCsr();
            long lag = (early + late) / 2;
            List<Object> r = together(() -> a.cards().request(Actor.operator(), ROMA, p, csr, CardRequestReason.FIRST).number(),
                    () -> b.users().delete(Actor.operator(), ROMA, p), lag);
            assertInstanceOf(List.class, r.get(1), "the deletion is taken: " + r);
            assertTrue(a.users().find(Actor.operator(), ROMA, p).isEmpty(), "registration gone: " + r);
            List<CardRecord> cards = a.cards().ofPerson(p);
            if (r.get(0) instanceof String number) {
                late = lag;
                seen[1]++;
                assertEquals(List.of(number), r.get(1), "the deletion came second and revoked the new card");
                assertEquals(1, cards.size(), cards.toString());
                assertEquals(CardState.REVOCATA, cards.get(0).state(), cards.toString());
                assertEquals(CertificateState.RICHIESTA_ANNULLATA, a.certificates().require(number).state(),
                        "its queued request withdrawn");
            } else {
                early = lag;
                seen[0]++;
                RefusedException refused = assertInstanceOf(RefusedException.class, r.get(0), r.toString());
                assertEquals(Refusal.UNKNOWN_USER, refused.refusal(), r.toString());
                assertEquals(List.of(), r.get(1), r.toString());
                assertTrue(cards.isEmpty(), cards.toString());
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0, "both orders happened: " + seen[0] + " refused, " + seen[1] + " taken");
        assertEquals(2, a.batch().run().issued().size(), "only the two warm-up cards were left to issue");
    }

    /**
     * An export and a block of one workstation certificate, at once: an export handed out is
     * audited before the block (it happened while the certificate was ATTIVO); otherwise the
     * export is refused (NOT_ACTIVE) and not audited at all.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anExportRacingABlockIsAuditedBeforeItOrRefused(Dialect dialect, @TempDir Path dir) throws Exception {
        start(dialect, dir);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            codes.add(a.workstations().register(ROMA, Optional.empty()).toString());
        }
        a.batch().run();
        // an export builds its PKCS#12 for a while (PBKDF2): blocks started around that time land
        // before it, inside it (refused by the re-check under the row lock) and after it
        a.workstations().exportWithPrivateKey(codes.get(0), Pkcs12Encryption.MODERN).destroy(); // warm
        long start = System.nanoTime();
        a.workstations().exportWithPrivateKey(codes.get(0), Pkcs12Encryption.MODERN).destroy();
        long exportNanos = System.nanoTime() - start;
        codes.remove(0);
        int[] seen = new int[2]; // exports refused, exports handed out
        // the lag is bisected towards where the two orders meet; while no export got through, the
        // upper end doubles (a racing export can take longer than the one measured alone)
        long early = 0;
        long late = exportNanos * 2;
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            long lag = (early + late) / 2;
            List<Object> r = together(() -> a.workstations().exportWithPrivateKey(code, Pkcs12Encryption.MODERN),
                    () -> b.certificates().block(code), lag);
            CertificateRecord blocked = assertInstanceOf(CertificateRecord.class, r.get(1), "the block is taken: " + r);
            assertEquals(CertificateState.BLOCCATO, blocked.state());
            List<AuditAction> order = actionsOn(code).stream()
                    .filter(x -> x.equals(Audit.CERT_EXPORTED) || x.equals(Audit.CERT_BLOCKED)).toList();
            if (r.get(0) instanceof Export e) {
                e.destroy();
                late = lag;
                seen[1]++;
                assertEquals(List.of(Audit.CERT_EXPORTED, Audit.CERT_BLOCKED), order, "exported while ATTIVO");
            } else {
                RefusedException refused = assertInstanceOf(RefusedException.class, r.get(0), r.toString());
                assertEquals(Refusal.NOT_ACTIVE, refused.refusal(), r.toString());
                assertEquals(List.of(Audit.CERT_BLOCKED), order, "a refused export is not audited");
                early = lag;
                if (seen[1] == 0) {
                    late *= 2;
                }
                seen[0]++;
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0, "both orders happened: " + seen[0] + " refused, " + seen[1] + " handed out");
    }

    /** The actions audited on {@code subject}, in the log's order. */
    private List<AuditAction> actionsOn(String subject) {
        AuditLog log = new AuditLog(database, clock);
        return database.inTransaction(tx -> log.read(tx, 1, 100_000)).stream()
                .filter(e -> e.event().subject().equals(subject))
                .map(e -> e.event().action())
                .toList();
    }
}
