package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.Environment;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.status.CertStatus;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.StoreException;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;

/**
 * Two engines, each with its own connection pool, on one real PostgreSQL, and two threads per
 * engine registering, issuing, blocking, unblocking and cancelling at once, with server
 * requests and CRL reissues mixed in. Refusals that a race explains (a state another thread
 * changed first, a conflict beyond the retries) are counted; anything else fails the test.
 * Afterwards the store must be consistent: unique codes and serials, every issued row signed by
 * the workstation CA, reasons and revocation events matching the state, CRL numbers ordered
 * with what they reflect, both engines' live status equal to the store, the audit chain intact.
 */
class ConcurrentEnginesTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final long RUN_NANOS = 6_000_000_000L;
    private static final int THREADS_PER_ENGINE = 2;

    /** What the worker threads saw, shared by all of them. */
    private static final class Ledger {
        final Set<String> registered = ConcurrentHashMap.newKeySet();
        final List<String> issuedByBatch = new CopyOnWriteArrayList<>();
        final List<String> issuedCodes = new CopyOnWriteArrayList<>();
        final Map<String, BigInteger> serialOfCode = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        /** Which engines (by actor) issued or changed each code. */
        final Map<String, Set<String>> touchedBy = new ConcurrentHashMap<>();

        void touched(String code, Sigillo engine) {
            touchedBy.computeIfAbsent(code, k -> ConcurrentHashMap.newKeySet()).add(engine.settings().actor());
        }

        void count(String what) {
            count(what, 1);
        }

        void count(String what, int n) {
            counts.computeIfAbsent(what, k -> new AtomicInteger()).addAndGet(n);
        }

        void serial(CertificateRecord r) {
            r.serial().ifPresent(s -> {
                BigInteger before = serialOfCode.putIfAbsent(r.code(), s);
                if (before != null && !before.equals(s)) {
                    failures.add(new AssertionError(r.code() + " came back with serial " + s.toString(16) + " after " + before.toString(16)));
                }
            });
        }
    }

    @Test
    void twoEnginesTwoThreadsEachLeaveAConsistentStore(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        Supplier<Database> pg = TestDatabases.fresh(Dialect.POSTGRESQL, dir);
        Ledger ledger = new Ledger();
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database dbA = pg.get();
             Database dbB = pg.get();
             Sigillo a = Sigillo.open(dbA, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"));
             Sigillo b = Sigillo.open(dbB, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("b"), "b"))) {
            a.enti().add(Ente.of(ROMA, "Roma Capitale"));
            b.crls().reissue(Crls.Series.WORKSTATION, false); // a full CRL exists, so deltas are always possible

            List<Thread> threads = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            long start = System.nanoTime();
            for (Sigillo engine : List.of(a, b)) {
                for (int t = 0; t < THREADS_PER_ENGINE; t++) {
                    Thread th = new Thread(() -> work(engine, ledger, go, start), "worker-" + engine.settings().actor() + "-" + t);
                    threads.add(th);
                    th.start();
                }
            }
            go.countDown();
            for (Thread th : threads) {
                th.join(60_000);
                assertTrue(!th.isAlive(), th.getName() + " is still running (deadlock?)");
            }
            // before any sync, each engine knows at least what it did itself
            for (Sigillo engine : List.of(a, b)) {
                checkLiveStatus(dbA, engine, code -> Set.of(engine.settings().actor()).equals(ledger.touchedBy.get(code)));
            }
            // whatever is still queued is issued now, so every registered code ends up issued
            ledger.issuedByBatch.addAll(a.batch().run().issued());
            System.out.println("ConcurrentEnginesTest: " + new TreeMap<>(ledger.counts) + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            if (!ledger.failures.isEmpty()) {
                AssertionError e = new AssertionError(ledger.failures.size() + " unexpected failures, first: " + ledger.failures.peek());
                ledger.failures.forEach(e::addSuppressed);
                throw e;
            }
            assertTrue(ledger.counts.getOrDefault("issued", new AtomicInteger()).get() > 10, "too little was issued: " + ledger.counts);

            checkStore(dbA, pki, ledger, dir);
            for (Sigillo engine : List.of(a, b)) {
                engine.syncStatusNow();
                checkLiveStatus(dbA, engine, code -> true);
                assertInstanceOf(AuditVerification.Intact.class, engine.verifyAudit());
            }
        }
    }

    /**
     * The race the concurrent run found, made certain: a certificate blocked and unblocked
     * before a CRL is prepared, and cancelled while that CRL is being signed, is not listed as
     * revoked in it, so it must stay REVOCA_IN_LAVORAZIONE (until the next CRL), not become
     * REVOCATO because of its earlier block.
     */
    @Test
    void aCancelWhileACrlIsSignedWaitsForTheNextCrl(@TempDir Path dir) {
        Clock clock = Clock.systemUTC();
        Supplier<Database> pg = TestDatabases.fresh(Dialect.POSTGRESQL, dir);
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = pg.get();
             Sigillo engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"))) {
            engine.enti().add(Ente.of(ROMA, "Roma Capitale"));
            String code = engine.workstations().register(ROMA, Optional.empty()).toString();
            engine.batch().run();
            engine.certificates().block(code);
            engine.certificates().unblock(code);
            CrlIssuer real = engine.crls().issuer(Crls.Series.WORKSTATION);
            CrlIssuer cancelWhileSigning = new CrlIssuer(real.name(), real.issuer(), real.keyId(), () -> {
                engine.certificates().cancel(code, RevocationReason.KEY_COMPROMISE, Optional.empty());
                return real.signer().get();
            }, real.deltaUrl());
            engine.crls().publish(cancelWhileSigning);

            assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, engine.certificates().require(code).state());
            engine.crls().reissue(Crls.Series.WORKSTATION, false);
            assertEquals(CertificateState.REVOCATO, engine.certificates().require(code).state());
        }
    }

    private static void work(Sigillo engine, Ledger ledger, CountDownLatch go, long start) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (System.nanoTime() - start < RUN_NANOS) {
            int dice = rnd.nextInt(100);
            try {
                if (dice < 25) {
                    String code = engine.workstations().register(ROMA, Optional.empty()).toString();
                    if (!ledger.registered.add(code)) {
                        ledger.failures.add(new AssertionError("code " + code + " was handed out twice"));
                    }
                    ledger.count("registered");
                } else if (dice < 35) {
                    BatchReport report = engine.batch().run();
                    if (!report.failed().isEmpty()) {
                        ledger.failures.add(new AssertionError("batch failures: " + report.failed()));
                    }
                    ledger.issuedByBatch.addAll(report.issued());
                    ledger.issuedCodes.addAll(report.issued());
                    report.issued().forEach(code -> ledger.touched(code, engine));
                    ledger.count("issued", report.issued().size());
                    ledger.count("batches");
                } else if (dice < 37) {
                    String code = engine.servers().request(ROMA).toString();
                    if (!ledger.registered.add(code)) {
                        ledger.failures.add(new AssertionError("code " + code + " was handed out twice"));
                    }
                    ledger.count("serverRequested");
                } else if (dice < 42) {
                    boolean delta = rnd.nextBoolean();
                    engine.crls().reissue(Crls.Series.WORKSTATION, delta);
                    ledger.count(delta ? "deltaCrls" : "fullCrls");
                } else if (!ledger.issuedCodes.isEmpty()) {
                    String code = ledger.issuedCodes.get(rnd.nextInt(ledger.issuedCodes.size()));
                    int op = rnd.nextInt(10);
                    CertificateRecord r;
                    String what;
                    if (op < 4) {
                        r = engine.certificates().block(code);
                        what = "blocked";
                    } else if (op < 8) {
                        r = engine.certificates().unblock(code);
                        what = "unblocked";
                    } else {
                        r = engine.certificates().cancel(code, RevocationReason.UNSPECIFIED, Optional.empty());
                        what = "cancelled";
                    }
                    ledger.serial(r);
                    ledger.touched(code, engine);
                    ledger.count(what);
                }
            } catch (IllegalTransitionException e) {
                ledger.count("refused:IllegalTransition");
            } catch (RefusedException e) {
                ledger.count("refused:" + e.refusal());
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.CONFLICT) {
                    ledger.count("refused:CONFLICT");
                } else {
                    ledger.failures.add(e);
                }
            } catch (RuntimeException | Error e) {
                ledger.failures.add(e);
            }
        }
    }

    /** {@code dir} holds each engine's CRL directory, named by its actor. */
    private static void checkStore(Database db, TestPki pki, Ledger ledger, Path dir) {
        db.inTransaction(tx -> {
            Connection c = tx.connection();
            assertEquals(List.of(), strings(c, "SELECT code FROM certificate GROUP BY code HAVING COUNT(*) > 1"), "duplicate codes");
            assertEquals(List.of(), strings(c, "SELECT serial FROM certificate WHERE serial IS NOT NULL GROUP BY serial HAVING COUNT(*) > 1"),
                    "duplicate serials");
            List<String> issuedTwice = new ArrayList<>(ledger.issuedByBatch);
            Set<String> seen = new HashSet<>();
            issuedTwice.removeIf(seen::add);
            assertEquals(List.of(), issuedTwice, "requests that two batches both reported as issued");

            PublicKey caKey = pki.hierarchy().workstationCa().certificate().getPublicKey();
            String caSki = HexFormat.of().formatHex(pki.hierarchy().workstationCa().keyId());
            Map<String, String> stateOfCode = new HashMap<>();
            Map<String, String> stateOfSerial = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT code, state, serial, issuer_ski, der, revocation_reason FROM certificate");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(1);
                    CertificateState state = CertificateState.valueOf(rs.getString(2));
                    String serial = rs.getString(3);
                    byte[] der = rs.getBytes(5);
                    int reason = rs.getInt(6);
                    Integer why = rs.wasNull() ? null : reason;
                    stateOfCode.put(code, state.name());
                    assertTrue(state.isIssued(), code + " should have been issued by the last batch, is " + state);
                    assertTrue(serial != null && der != null && caSki.equals(rs.getString(4)), code + " lacks serial, der or issuer");
                    stateOfSerial.put(serial, state.name());
                    X509Certificate cert = (X509Certificate) CertificateFactory
                            .getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
                    cert.verify(caKey);
                    assertEquals(serial, cert.getSerialNumber().toString(16), code + ": stored serial is not the certificate's");
                    BigInteger returned = ledger.serialOfCode.get(code);
                    assertTrue(returned == null || returned.toString(16).equals(serial), code + " was returned with another serial");
                    switch (state) {
                        case ATTIVO -> assertEquals(null, why, code + " is ATTIVO with a revocation reason");
                        case BLOCCATO -> assertEquals(RevocationReason.CERTIFICATE_HOLD.code(), why, code + " is BLOCCATO");
                        case REVOCA_IN_LAVORAZIONE, REVOCATO -> assertEquals(RevocationReason.UNSPECIFIED.code(), why,
                                code + " is " + state);
                        default -> throw new AssertionError(code + " is in an unexpected state " + state);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new AssertionError("a stored certificate does not verify against the workstation CA", e);
            }
            for (String code : ledger.registered) {
                assertTrue(stateOfCode.containsKey(code), "registered code " + code + " is not in the store");
            }

            // the last revocation event of every serial tells its state
            Map<String, String> lastEvent = new HashMap<>();
            Map<String, Long> revokedAt = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT serial, event, seq FROM revocation_event ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastEvent.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(2).equals("REVOKE")) {
                        assertEquals(null, revokedAt.put(rs.getString(1), rs.getLong(3)), rs.getString(1) + " revoked twice");
                    }
                }
            }
            stateOfSerial.forEach((serial, state) -> {
                String expected = switch (state) {
                    case "ATTIVO" -> lastEvent.containsKey(serial) ? "RELEASE" : null;
                    case "BLOCCATO" -> "HOLD";
                    default -> "REVOKE";
                };
                assertEquals(expected, lastEvent.get(serial), "last revocation event of " + serial + " in state " + state);
            });

            // CRLs: a higher number never reflects fewer events; REVOCATO only once a published CRL reflects the cancel
            long lastNumber = 0;
            long lastFullWatermark = -1;
            long publishedWatermark = -1;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT crl_number, base_number, watermark, published FROM crl_issued WHERE issuer_ski = ? ORDER BY crl_number");
                 ) {
                ps.setString(1, caSki);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long number = rs.getLong(1);
                        assertTrue(number > lastNumber, "CRL number " + number + " after " + lastNumber);
                        lastNumber = number;
                        long watermark = rs.getLong(3);
                        rs.getLong(2);
                        if (rs.wasNull()) {
                            assertTrue(watermark >= lastFullWatermark, "full CRL " + number + " reflects events up to " + watermark
                                    + ", an earlier full CRL up to " + lastFullWatermark);
                            lastFullWatermark = watermark;
                        }
                        assertTrue(rs.getBoolean(4), "CRL " + number + " was never published");
                        publishedWatermark = Math.max(publishedWatermark, watermark);
                    }
                }
            }
            int fulls = ledger.counts.getOrDefault("fullCrls", new AtomicInteger()).get();
            int deltas = ledger.counts.getOrDefault("deltaCrls", new AtomicInteger()).get();
            assertEquals(1 + fulls + deltas, lastNumber, "CRL numbers handed out");
            for (Map.Entry<String, String> e : stateOfSerial.entrySet()) {
                if (e.getValue().equals("REVOCATO")) {
                    long seq = revokedAt.get(e.getKey());
                    assertTrue(seq <= publishedWatermark, e.getKey() + " is REVOCATO but no published CRL reflects its cancel (event "
                            + seq + ", CRLs up to " + publishedWatermark + ")");
                }
            }
            // every CRL_PUBLISHED audit entry names its own CRL
            List<Long> numbers = new ArrayList<>();
            Map<String, Long> newestInFile = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT actor, details FROM audit_log WHERE action = 'CRL_PUBLISHED' ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = Pattern.compile("number=(\\d+) file=(.+)$").matcher(rs.getString(2));
                    assertTrue(m.find(), rs.getString(2));
                    long number = Long.parseLong(m.group(1));
                    numbers.add(number);
                    newestInFile.merge(rs.getString(1) + "/" + m.group(2), number, Math::max);
                }
            }
            assertEquals(lastNumber, numbers.size(), "CRL_PUBLISHED audit entries");
            assertEquals(numbers.size(), new HashSet<>(numbers).size(), "CRL numbers named twice in the audit: " + numbers);
            // each engine's files hold the newest CRL it published, never an older one renamed last
            newestInFile.forEach((file, number) -> assertEquals(number, crlNumber(dir.resolve(file)), file));
            return null;
        });
    }

    private static void checkLiveStatus(Database db, Sigillo engine, Predicate<String> which) {
        db.inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "SELECT code, serial, issuer_ski, revocation_reason FROM certificate WHERE serial IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(1);
                    if (!which.test(code)) {
                        continue;
                    }
                    CertStatus live = engine.status().status(HexFormat.of().parseHex(rs.getString(3)), new BigInteger(rs.getString(2), 16));
                    int reason = rs.getInt(4);
                    String where = engine.settings().actor() + " live status of " + code;
                    if (rs.wasNull()) {
                        assertEquals(CertStatus.GOOD, live, where);
                    } else {
                        CertStatus.Revoked revoked = assertInstanceOf(CertStatus.Revoked.class, live, where);
                        assertEquals(reason, revoked.reason().code(), where);
                    }
                }
            }
            return null;
        });
    }

    private static long crlNumber(Path file) {
        try {
            X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(file));
            return CRLNumber.getInstance(
                    crl.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Two engines add one ente at once: the second looked before the first committed, so its
     * insert meets the first one's key. It must come back as "already there" (ENTE_EXISTS for
     * Enti.add, the ente kept for a census), not as a constraint-violation store error.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Dialect.class)
    void anEnteAddedByTwoEnginesAtOnceIsAddedOnceWithoutAStoreError(Dialect dialect, @TempDir Path dir) throws Exception {
        Supplier<Database> store = TestDatabases.fresh(dialect, dir);
        try (Database a = TestDatabases.migrated(store); Database b = store.get()) {
            CertificateStore certificates = new CertificateStore(new DurableCounters(a));
            CountDownLatch firstWrote = new CountDownLatch(1);
            Future<Boolean> first = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "first-engine");
                t.setDaemon(true);
                return t;
            }).submit(() -> a.inTransaction(tx -> {
                boolean added = certificates.insertEnteIfAbsent(tx, Ente.of(ROMA, "Roma Capitale"));
                firstWrote.countDown();
                try {
                    Thread.sleep(400); // the second engine looks now, finds nothing, and inserts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return added;
            }));
            assertTrue(firstWrote.await(30, TimeUnit.SECONDS));
            boolean second = b.inTransaction(tx -> certificates.insertEnteIfAbsent(tx, Ente.of(ROMA, "Roma")));
            assertTrue(first.get(30, TimeUnit.SECONDS), "the first engine adds it");
            assertEquals(false, second, "the second finds it added");
            assertEquals("Roma Capitale", b.inTransaction(tx -> certificates.ente(tx, ROMA)).orElseThrow().name());
        }
    }

    /**
     * Two engines record the first server certificate of one ente at once: the second writer
     * waits on the first one's row lock and then finds the notification certificate set, so only
     * one is set (and audited as the first). A read-then-write would let both set it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Dialect.class)
    void onlyOneFirstServerCertificateWhenTwoEnginesRecordAtOnce(Dialect dialect, @TempDir Path dir) throws Exception {
        Supplier<Database> store = TestDatabases.fresh(dialect, dir);
        try (Database a = TestDatabases.migrated(store); Database b = store.get()) {
            CertificateStore certificates = new CertificateStore(new DurableCounters(a));
            a.inTransaction(tx -> {
                certificates.insertEnte(tx, Ente.of(ROMA, "Roma Capitale"));
                return null;
            });
            CountDownLatch firstWrote = new CountDownLatch(1);
            AtomicLong committedAt = new AtomicLong();
            Future<Boolean> first = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "first-engine");
                t.setDaemon(true);
                return t;
            }).submit(() -> a.inTransaction(tx -> {
                boolean set = certificates.setNotificationCodeIfUnset(tx, ROMA, ROMA.value() + "-CO-9999");
                firstWrote.countDown();
                try {
                    Thread.sleep(400); // the second engine's update now waits on this row
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                committedAt.set(System.nanoTime());
                return set;
            }));
            assertTrue(firstWrote.await(30, TimeUnit.SECONDS));
            boolean second = b.inTransaction(tx -> certificates.setNotificationCodeIfUnset(tx, ROMA, ROMA.value() + "-CO-9998"));
            long returnedAt = System.nanoTime();
            assertTrue(first.get(30, TimeUnit.SECONDS), "the first writer sets it");
            assertEquals(false, second, "the second writer finds it set");
            assertTrue(returnedAt >= committedAt.get(), "the second writer waited for the first one's commit");
            assertEquals(Optional.of(ROMA.value() + "-CO-9999"), b.inTransaction(tx -> certificates.notificationCode(tx, ROMA)));
        }
    }

    /**
     * {@code user modify --profiles} on one engine while another writer changes the same
     * registration's e-mail: the modify waits on the registration's row lock, then keeps the new
     * e-mail. (Read before the lock, as the command did in two transactions, it wrote the old
     * e-mail back over the new one.)
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Dialect.class)
    void aModifyOfProfilesKeepsAnEmailChangedMeanwhile(Dialect dialect, @TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        CodiceFiscale rossi = CodiceFiscale.parse("RSSMRA85T10A562S");
        EmailAddress oldMail = EmailAddress.parse("mario.rossi@comune.example.it");
        EmailAddress newMail = EmailAddress.parse("m.rossi@comune.example.it");
        Supplier<Database> store = TestDatabases.fresh(dialect, dir);
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = TestDatabases.migrated(store);
             Database other = store.get();
             Sigillo engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"))) {
            engine.enti().add(Ente.of(ROMA, "Roma Capitale"));
            engine.users().add(Actor.operator(), ROMA, new NewUser(rossi, "Mario", "Rossi", ProfileSet.of(Profile.ALP),
                    EnvironmentSet.of(Environment.PRODUZIONE), oldMail, Optional.empty()));
            PeopleStore people = new PeopleStore(new DurableCounters(other));
            CountDownLatch wrote = new CountDownLatch(1);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> mail = writer.submit(() -> other.inTransaction(tx -> {
                    people.updateRegistration(tx, rossi, ROMA, ProfileSet.of(Profile.ALP), EnvironmentSet.of(Environment.PRODUZIONE),
                            newMail, Optional.empty());
                    wrote.countDown();
                    try {
                        Thread.sleep(400); // the modify below now waits on this row
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
                assertTrue(wrote.await(30, TimeUnit.SECONDS));
                UserRecord after = engine.users().modify(Actor.operator(), ROMA, rossi,
                        UserChange.none().withProfiles(ProfileSet.of(Profile.ALP, Profile.CONSULTAZIONE)));
                mail.get(30, TimeUnit.SECONDS);
                assertEquals(newMail, after.email(), "the e-mail written meanwhile is kept");
                assertEquals(ProfileSet.of(Profile.ALP, Profile.CONSULTAZIONE), after.profiles());
                UserRecord stored = engine.users().find(Actor.operator(), ROMA, rossi).orElseThrow();
                assertEquals(newMail, stored.email());
                assertEquals(ProfileSet.of(Profile.ALP, Profile.CONSULTAZIONE), stored.profiles());
            } finally {
                writer.shutdownNow();
            }
        }
    }
}
