package org.sigillo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sigillo.store.testing.SteppingClock;
import org.sigillo.store.testing.TestDatabases;

class AuditLogTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final AuditAction ISSUED = AuditAction.of("CERT_ISSUED");
    private static final AuditAction REGISTERED = AuditAction.of("WORKSTATION_REGISTERED");

    @TempDir
    Path tmp;

    private static AuditEvent event(int i) {
        return new AuditEvent("operatore" + i, i % 2 == 0 ? ISSUED : REGISTERED, "H501-PC-000" + i,
                "{\"n\":" + i + ",\"note\":\"città\"}");
    }

    private static SteppingClock clock() {
        return new SteppingClock(T0, Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void appendsALinkedChainThatVerifiesAfterReopen(Dialect dialect) {
        Supplier<Database> store = TestDatabases.fresh(dialect, tmp);
        List<AuditEntry> written = new ArrayList<>();
        try (Database db = TestDatabases.migrated(store)) {
            AuditLog log = new AuditLog(db, clock());
            assertEquals(new AuditVerification.Intact(0, AuditHashing.ZERO_HASH), log.verify());
            for (int i = 1; i <= 4; i++) {
                written.add(log.append(event(i)));
            }
            assertEquals(new AuditVerification.Intact(4, written.get(3).hash()), log.verify());
        }
        assertEquals(AuditHashing.ZERO_HASH, written.get(0).prevHash());
        for (int i = 0; i < 4; i++) {
            AuditEntry e = written.get(i);
            assertEquals(i + 1, e.seq());
            assertEquals(T0.plusSeconds(i).minusNanos(789), e.timestamp(), "clock time, microsecond precision");
            if (i > 0) {
                assertEquals(written.get(i - 1).hash(), e.prevHash());
            }
            assertEquals(independentHash(e), e.hash());
        }
        try (Database db = TestDatabases.migrated(store)) {
            AuditLog log = new AuditLog(db, clock());
            assertEquals(written, db.inTransaction(tx -> log.read(tx, 1, 100)), "read back exactly as written");
            assertEquals(written.subList(1, 3), db.inTransaction(tx -> log.read(tx, 2, 2)));
            AuditEntry fifth = log.append(event(5));
            assertEquals(5, fifth.seq());
            assertEquals(written.get(3).hash(), fifth.prevHash());
            assertEquals(new AuditVerification.Intact(5, fifth.hash()), log.verify());
        }
    }

    /** readAbout returns the entries of one action about one subject, whole and in chain order, and nothing else. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void readsTheEntriesOfOneActionAboutOneSubjectInChainOrder(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            List<AuditEntry> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                log.append(new AuditEvent("admin", REGISTERED, "H501-PC-0002", "other subject " + i));
                log.append(new AuditEvent("admin", ISSUED, "H501-PC-0001", "other action " + i));
                expected.add(log.append(new AuditEvent("admin", REGISTERED, "H501-PC-0001", "mac=" + i)));
            }
            List<AuditEntry> about = db.inTransaction(tx -> log.readAbout(tx, REGISTERED, "H501-PC-0001"));
            assertEquals(expected, about);
            assertEquals(List.of(), db.inTransaction(tx -> log.readAbout(tx, REGISTERED, "H501-PC-0003")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void commitsOrRollsBackWithTheCallersChange(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            DurableCounters counters = new DurableCounters(db);
            AuditEntry first = db.inTransaction(tx -> {
                long n = counters.next(tx, "workstation:H501");
                return log.append(tx, new AuditEvent("admin", REGISTERED, "H501-PC-" + n, "{}"));
            });
            assertEquals("H501-PC-1", first.event().subject());
            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                long n = counters.next(tx, "workstation:H501");
                log.append(tx, new AuditEvent("admin", REGISTERED, "H501-PC-" + n, "{}"));
                throw new IllegalStateException("registration failed after auditing");
            }));
            assertEquals(new AuditVerification.Intact(1, first.hash()), log.verify());
            AuditEntry second = log.append(new AuditEvent("admin", ISSUED, "serial-2", ""));
            assertEquals(2, second.seq());
            assertEquals(first.hash(), second.prevHash());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentAppendsDoNotForkTheChain(Dialect dialect) throws Exception {
        int perThread = 40;
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            seqs.add(log.append(new AuditEvent("thread" + thread, ISSUED, "s" + i, "")).seq());
                        }
                        return seqs;
                    }));
                }
                Set<Long> all = new HashSet<>();
                for (Future<List<Long>> f : futures) {
                    all.addAll(f.get());
                }
                assertEquals(2 * perThread, all.size());
            } finally {
                pool.shutdownNow();
            }
            AuditVerification v = log.verify();
            assertTrue(v instanceof AuditVerification.Intact, v.toString());
            assertEquals(2L * perThread, ((AuditVerification.Intact) v).count());
        }
    }

    /** Raw-SQL tampering with a 5-entry log and the break verify() must report. */
    enum Tamper {
        EDIT_DETAILS(3, AuditBreak.ALTERED,
                "UPDATE audit_log SET details = '{\"n\":99}' WHERE seq = 3"),
        EDIT_TIMESTAMP(2, AuditBreak.ALTERED,
                "UPDATE audit_log SET ts = TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00' WHERE seq = 2"),
        EDIT_ACTION_TO_INVALID(4, AuditBreak.ALTERED,
                "UPDATE audit_log SET action = 'not valid' WHERE seq = 4"),
        DELETE_MIDDLE(3, AuditBreak.GAP,
                "DELETE FROM audit_log WHERE seq = 3"),
        DELETE_FIRST(1, AuditBreak.GAP,
                "DELETE FROM audit_log WHERE seq = 1"),
        SWAP_ROWS(2, AuditBreak.REORDERED,
                "UPDATE audit_log SET seq = 100 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 4",
                "UPDATE audit_log SET seq = 4 WHERE seq = 100"),
        REWRITE_WITH_RECOMPUTED_HASH(4, AuditBreak.BAD_LINK /* statements built in the test */),
        DELETE_LAST(5, AuditBreak.TRUNCATED,
                "DELETE FROM audit_log WHERE seq = 5"),
        DELETE_ALL(1, AuditBreak.TRUNCATED,
                "DELETE FROM audit_log"),
        ALTER_ANCHOR(5, AuditBreak.HEAD_MISMATCH,
                "UPDATE audit_head SET last_hash = '" + "e".repeat(64) + "'"),
        DELETE_ANCHOR(0, AuditBreak.HEAD_MISMATCH,
                "DELETE FROM audit_head"),
        ROW_BEYOND_ANCHOR(6, AuditBreak.HEAD_MISMATCH,
                "INSERT INTO audit_log (seq, ts, actor, action, subject, details, prev_hash, hash)"
                        + " SELECT 6, ts, actor, action, subject, details, hash, '" + "f".repeat(64) + "'"
                        + " FROM audit_log WHERE seq = 5");

        final long seq;
        final AuditBreak kind;
        final String[] sql;

        Tamper(long seq, AuditBreak kind, String... sql) {
            this.seq = seq;
            this.kind = kind;
            this.sql = sql;
        }
    }

    static Stream<Arguments> tampering() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(Tamper.values()).map(t -> Arguments.of(d, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tampering")
    void detectsTampering(Dialect dialect, Tamper tamper) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            List<AuditEntry> entries = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                entries.add(log.append(event(i)));
            }
            assertTrue(log.verify().intact());
            String[] sql = tamper.sql;
            if (tamper == Tamper.REWRITE_WITH_RECOMPUTED_HASH) {
                AuditEntry e = entries.get(2);
                AuditEvent forged = new AuditEvent(e.event().actor(), e.event().action(), e.event().subject(), "{\"forged\":1}");
                String hash = AuditHashing.hash(3, e.timestamp(), forged, e.prevHash());
                sql = new String[] {"UPDATE audit_log SET details = '{\"forged\":1}', hash = '" + hash + "' WHERE seq = 3"};
            }
            SchemaMigratorTest.execAll(db, sql);
            AuditVerification v = log.verify();
            assertTrue(v instanceof AuditVerification.Broken, "tampering not detected: " + v);
            AuditVerification.Broken b = (AuditVerification.Broken) v;
            assertEquals(tamper.kind, b.kind(), b.toString());
            assertEquals(tamper.seq, b.seq(), b.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void documentedLimitTruncationWithAMovedAnchorIsNotDetected(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            List<AuditEntry> entries = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                entries.add(log.append(event(i)));
            }
            SchemaMigratorTest.execAll(db, "DELETE FROM audit_log WHERE seq = 5",
                    "UPDATE audit_head SET last_seq = 4, last_hash = '" + entries.get(3).hash() + "'");
            // an unkeyed chain cannot catch a consistent rewrite of the tail and the anchor; an external
            // copy of the head hash (5 entries, entries.get(4).hash()) would
            assertEquals(new AuditVerification.Intact(4, entries.get(3).hash()), log.verify());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCheckpointKeptOutsideCatchesWhatTheAnchorCannot(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            List<AuditEntry> entries = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                entries.add(log.append(event(i)));
            }
            AuditCheckpoint atThree = ((AuditVerification.Intact) log.verify()).checkpoint();
            assertEquals(new AuditCheckpoint(3, entries.get(2).hash()), atThree);
            assertEquals(atThree, AuditCheckpoint.parse(atThree.toString()), "printed and read back");
            for (int i = 4; i <= 5; i++) {
                entries.add(log.append(event(i)));
            }
            AuditCheckpoint atFive = ((AuditVerification.Intact) log.verify()).checkpoint();
            // the log grew past an earlier checkpoint: still intact, through both
            assertEquals(new AuditVerification.Intact(5, entries.get(4).hash()), log.verify(atThree));
            assertEquals(new AuditVerification.Intact(5, entries.get(4).hash()), log.verify(atFive));
            assertEquals(new AuditVerification.Intact(5, entries.get(4).hash()),
                    log.verify(new AuditCheckpoint(0, AuditHashing.ZERO_HASH)));

            // the tail cut and the anchor moved back: the anchor alone cannot tell, the checkpoint can
            SchemaMigratorTest.execAll(db, "DELETE FROM audit_log WHERE seq = 5",
                    "UPDATE audit_head SET last_seq = 4, last_hash = '" + entries.get(3).hash() + "'");
            assertTrue(log.verify().intact());
            AuditVerification.Broken cut = (AuditVerification.Broken) log.verify(atFive);
            assertEquals(AuditBreak.TRUNCATED, cut.kind(), cut::detail);
            assertEquals(5, cut.seq());
            assertTrue(log.verify(atThree).intact(), "entries up to the earlier checkpoint are untouched");

            // cut back to 2 and written again to 5 entries, each hash recomputed: a valid chain of the
            // same length, which no longer passes through either checkpoint
            SchemaMigratorTest.execAll(db, "DELETE FROM audit_log WHERE seq > 2",
                    "UPDATE audit_head SET last_seq = 2, last_hash = '" + entries.get(1).hash() + "'");
            for (int i = 13; i <= 15; i++) {
                log.append(event(i));
            }
            assertTrue(log.verify().intact());
            for (AuditCheckpoint cp : List.of(atThree, atFive)) {
                AuditVerification.Broken rewritten = (AuditVerification.Broken) log.verify(cp);
                assertEquals(AuditBreak.CHECKPOINT_MISMATCH, rewritten.kind(), rewritten::detail);
                assertEquals(cp.seq(), rewritten.seq());
            }

            // a chain broken on its own is reported as such, checkpoint or not
            SchemaMigratorTest.execAll(db, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1");
            assertEquals(AuditBreak.ALTERED, ((AuditVerification.Broken) log.verify(atThree)).kind());
        }
    }

    @Test
    void checkpointsAreParsedStrictly() {
        String hash = "ab".repeat(32);
        assertEquals(new AuditCheckpoint(12, hash), AuditCheckpoint.parse("12:" + hash));
        assertEquals(new AuditCheckpoint(0, AuditHashing.ZERO_HASH), AuditCheckpoint.parse("0:" + AuditHashing.ZERO_HASH));
        for (String bad : new String[] {"", ":", "12", "12:", ":" + hash, "-1:" + hash, "x:" + hash, "1 2:" + hash,
                "12:" + hash.toUpperCase(), "12:" + hash + "0", "12:" + hash.substring(1), "0:" + hash,
                "99999999999999999999:" + hash, "12:" + hash + "\n"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditCheckpoint.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("audit checkpoint"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void appendRefusesAMissingAnchor(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            AuditLog log = new AuditLog(db, clock());
            SchemaMigratorTest.execAll(db, "DELETE FROM audit_head");
            StoreException e = assertThrows(StoreException.class, () -> log.append(event(1)));
            assertEquals(StoreException.Kind.CORRUPT, e.kind());
        }
    }

    @Test
    void encodingSeparatesFieldBoundaries() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String zero = AuditHashing.ZERO_HASH;
        String a = AuditHashing.hash(1, t, new AuditEvent("ab", ISSUED, "c", ""), zero);
        String b = AuditHashing.hash(1, t, new AuditEvent("a", ISSUED, "bc", ""), zero);
        String c = AuditHashing.hash(1, t, new AuditEvent("a", ISSUED, "b", "c"), zero);
        assertNotEquals(a, b);
        assertNotEquals(b, c);
        assertNotEquals(a, AuditHashing.hash(2, t, new AuditEvent("ab", ISSUED, "c", ""), zero));
        assertNotEquals(a, AuditHashing.hash(1, t.plusNanos(1000), new AuditEvent("ab", ISSUED, "c", ""), zero));
        assertNotEquals(a, AuditHashing.hash(1, t, new AuditEvent("ab", ISSUED, "c", ""), "1".repeat(64)));
    }

    @Test
    void eventsAndActionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AuditAction.of("cert_issued"));
        assertThrows(IllegalArgumentException.class, () -> AuditAction.of("X"));
        assertThrows(IllegalArgumentException.class, () -> AuditAction.of("A".repeat(49)));
        assertEquals("CRL_PUBLISHED", AuditAction.of("CRL_PUBLISHED").code());
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent("", ISSUED, "s", ""));
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent("a\0b", ISSUED, "s", ""));
        assertThrows(IllegalArgumentException.class, () -> new AuditEvent("a", ISSUED, "s", "x".repeat(8193)));
        assertThrows(NullPointerException.class, () -> new AuditEvent("a", null, "s", ""));
    }

    /** The encoding documented in AuditHashing, written out again independently. */
    private static String independentHash(AuditEntry e) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write("sigillo-audit-v1".getBytes(StandardCharsets.US_ASCII));
            out.writeLong(e.seq());
            out.writeLong(e.timestamp().getEpochSecond());
            out.writeInt(e.timestamp().getNano());
            for (String s : List.of(e.event().actor(), e.event().action().code(), e.event().subject(), e.event().details())) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.write(HexFormat.of().parseHex(e.prevHash()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException ex) {
            throw new AssertionError(ex);
        }
    }
}
