package org.sigillo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.store.testing.TestDatabases;

class DatabaseTest {

    @TempDir
    Path tmp;

    private static void createTable(Database db) {
        SchemaMigratorTest.execAll(db, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO t (id, v) VALUES (1, 0)", "INSERT INTO t (id, v) VALUES (2, 0)");
    }

    private static void insert(Transaction tx, int id) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO t (id, v) VALUES (?, 0)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void commitsOnReturnRollsBackOnExceptionAndKeepsCommitsAcrossReopen(Dialect dialect) {
        Supplier<Database> store = TestDatabases.fresh(dialect, tmp);
        try (Database db = store.get()) {
            assertEquals(dialect, db.dialect());
            createTable(db);
            assertEquals("done", db.inTransaction(tx -> {
                insert(tx, 3);
                return "done";
            }));
            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                insert(tx, 4);
                throw new IllegalStateException("undo");
            }));
            assertEquals(3L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t"));
        }
        try (Database db = store.get()) {
            assertEquals(1L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id = 3"));
            assertEquals(0L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id = 4"));
        }
    }

    /**
     * H2 leaves a commit in the page cache; the database forces the file to the disk after every
     * transaction that changed something (a power loss must not take back what was handed out),
     * and after nothing else: a read, or a write rolled back, costs no fsync.
     */
    /** The embedded store's folder is the owner's alone: it holds personal data and password hashes. */
    @Test
    void theEmbeddedStoreIsMadeInAFolderOnlyItsOwnerCanEnter(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("home/db");
        Database.openH2(folder).close();
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
                Files.getPosixFilePermissions(folder));
        assertTrue(Files.isRegularFile(folder.resolve("sigillo.mv.db")), "the store is inside it");
    }

    @Test
    void anH2CommitThatChangedSomethingIsForcedToTheDiskAndNothingElseIs() {
        Supplier<Database> store = TestDatabases.fresh(Dialect.H2, tmp);
        try (Database db = store.get()) {
            createTable(db);
            long before = db.syncCount();
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t"));
            assertEquals(before, db.syncCount(), "a read is not synced");
            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                insert(tx, 4);
                throw new IllegalStateException("undo");
            }));
            assertEquals(before, db.syncCount(), "a rolled-back write is not synced");
            db.inTransaction(tx -> {
                insert(tx, 5);
                return null;
            });
            assertEquals(before + 1, db.syncCount(), "a committed write is synced");
            db.inTransaction(tx -> {
                try (Statement st = tx.connection().createStatement()) {
                    st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
                }
                return null;
            });
            assertEquals(before + 2, db.syncCount(), "an update is synced");
        }
        try (Database db = store.get()) {
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id = 5 OR (id = 1 AND v = 1)"));
            assertEquals(0L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id = 4"));
        }
    }

    /**
     * The sync is a real fsync of the database file, once per committed write and never for a
     * read; and a commit whose fsync fails stops the store: its caller hears HALTED, not one more
     * byte reaches the file (not even at close), a transaction in flight on another thread is not
     * committed, every later transaction is refused as HALTED, and
     * the store opened again holds every write synced before it and takes new ones.
     */
    @Test
    void aCommitThatCannotBeForcedToTheDiskStopsTheStoreWithoutWritingAnythingMore() throws Exception {
        FailingSyncFileSystem.install();
        Path dir = tmp.resolve("failing-disk");
        try (Database db = Database.openH2(dir, Integer.MAX_VALUE, FailingSyncFileSystem.PREFIX)) {
            createTable(db);
            long syncs = FailingSyncFileSystem.syncs();
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t"));
            assertEquals(syncs, FailingSyncFileSystem.syncs(), "a read forces nothing to the disk");
            db.inTransaction(tx -> {
                insert(tx, 5);
                return null;
            });
            assertEquals(syncs + 1, FailingSyncFileSystem.syncs(), "a committed write is forced to the disk once");

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch halted = new CountDownLatch(1);
            ExecutorService other = Executors.newSingleThreadExecutor();
            Future<Object> inFlight = other.submit(() -> db.inTransaction(tx -> {
                insert(tx, 9);
                inside.countDown();
                try {
                    assertTrue(halted.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            assertTrue(inside.await(30, TimeUnit.SECONDS));

            FailingSyncFileSystem.failSyncs();
            StoreException lost = assertThrows(StoreException.class, () -> db.inTransaction(tx -> {
                insert(tx, 6);
                return null;
            }));
            halted.countDown();
            ExecutionException stopped = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
            other.shutdown();
            assertInstanceOf(StoreException.class, stopped.getCause(), "a transaction in flight on another thread is not committed");
            assertEquals(StoreException.Kind.HALTED, ((StoreException) stopped.getCause()).kind(), stopped.getCause().getMessage());
            assertTrue(FailingSyncFileSystem.failed(), "the injected failure was met");
            assertEquals(StoreException.Kind.HALTED, lost.kind(), lost.getMessage());
            assertTrue(lost.getMessage().contains("could not be forced to the disk"), lost.getMessage());
            for (TxWork<Object> work : List.<TxWork<Object>>of(tx -> SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t"),
                    tx -> {
                        insert(tx, 7);
                        return null;
                    })) {
                StoreException refused = assertThrows(StoreException.class, () -> db.inTransaction(work));
                assertEquals(StoreException.Kind.HALTED, refused.kind(), refused.getMessage());
                assertInstanceOf(SQLException.class, refused.getCause(), "names the failed sync");
            }
        }
        assertEquals(0L, FailingSyncFileSystem.bytesWrittenAfterFailure(),
                "nothing is written to the file after the failed sync, not even when the store is closed");
        try (Database db = Database.openH2(dir)) {
            assertEquals(3L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id IN (1, 2, 5)"), "every synced write survives");
            assertEquals(0L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id IN (7, 9)"), "refused writes left nothing");
            db.inTransaction(tx -> {
                insert(tx, 8);
                return null;
            });
            assertEquals(1L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id = 8"));
        }
    }

    /**
     * H2 keeps 8 parsed statements per session by default; the engine prepares some 70 distinct
     * ones, a batch's recording transaction alone a dozen beside the queueing's, so with the default
     * each group re-parsed its statements (8.4% of the recording thread's samples in a JFR profile
     * of the batch; 1.9% with 128). The embedded store asks for 128.
     */
    @Test
    void theEmbeddedStoreKeepsEnoughParsedStatementsForTheEngine(@TempDir Path dir) {
        try (Database db = Database.openH2(dir.resolve("db"))) {
            assertEquals(128L, SchemaMigratorTest.count(db,
                    "SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'"));
        }
    }

    /**
     * Each H2 commit writes a chunk of every page it changed; pages that outlive the rest of their
     * chunk keep it from being reused. Without H2's background housekeeping (off with
     * WRITE_DELAY=0) nothing rewrites them and the file only grows. The same writes, on two stores
     * that differ only in compacting or not, must leave the compacting one's file much smaller
     * (measured while open: 3.1 against 10.6 MB; RETENTION_TIME 0 so that freed chunks are reused
     * at once, in production after 45 s).
     */
    @Test
    void theEmbeddedStoreCompactsItsSparseChunksSoItsFileStopsGrowing() throws Exception {
        long[] sizes = new long[2];
        long[] compactions = new long[2];
        int[] every = {25, Integer.MAX_VALUE};
        for (int k = 0; k < 2; k++) {
            Path dir = tmp.resolve("h2-" + k);
            try (Database db = Database.openH2(dir, every[k])) {
                SchemaMigratorTest.execAll(db, "SET RETENTION_TIME 0",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, pad VARCHAR(400) NOT NULL)",
                        "CREATE TABLE log (seq INT NOT NULL PRIMARY KEY, pad VARCHAR(400) NOT NULL)",
                        "INSERT INTO t SELECT X, 0, REPEAT('x', 300) FROM SYSTEM_RANGE(1, 3000)");
                Random random = new Random(42); // the same writes on both stores
                for (int i = 1; i <= 1_200; i++) {
                    int seq = i;
                    int a = 1 + random.nextInt(3000);
                    int b = 1 + random.nextInt(3000);
                    db.inTransaction(tx -> {
                        try (PreparedStatement up = tx.connection().prepareStatement("UPDATE t SET v = v + 1 WHERE id = ? OR id = ?");
                             PreparedStatement log = tx.connection().prepareStatement("INSERT INTO log VALUES (?, REPEAT('y', 300))")) {
                            up.setInt(1, a);
                            up.setInt(2, b);
                            up.executeUpdate();
                            log.setInt(1, seq);
                            log.executeUpdate();
                        }
                        return null;
                    });
                }
                compactions[k] = db.compactionCount();
                assertEquals(1_200L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM log"));
                // measured while open: H2 compacts for a while at close, which would blur the difference
                sizes[k] = Files.size(dir.resolve("sigillo.mv.db"));
            }
        }
        assertTrue(compactions[0] > 0, "the compacting store rewrote sparse chunks");
        assertEquals(0L, compactions[1]);
        assertTrue(sizes[0] * 2 < sizes[1], "file with compaction " + sizes[0] + " bytes, without " + sizes[1]);
    }

    /**
     * The offline compaction (sigillo db compact) rewrites a closed store with its live pages only:
     * smaller, every row still there. It refuses a store that an engine has open, and a folder
     * without a store, creating nothing there.
     */
    @Test
    void anOfflineCompactionShrinksAClosedStoreKeepsItsRowsAndRefusesAnOpenOne() throws Exception {
        Path dir = tmp.resolve("offline");
        try (Database db = Database.openH2(dir, Integer.MAX_VALUE)) {
            createTable(db);
            for (int i = 0; i < 300; i++) {
                db.inTransaction(tx -> {
                    try (Statement st = tx.connection().createStatement()) {
                        st.executeUpdate("UPDATE t SET v = v + 1");
                    }
                    return null;
                });
            }
            StoreException busy = assertThrows(StoreException.class, () -> Database.compactH2(dir));
            assertEquals(StoreException.Kind.UNAVAILABLE, busy.kind(), busy.getMessage());
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE v = 300"), "the open store is untouched");
        }
        FileCompaction c = Database.compactH2(dir);
        assertEquals(dir.toAbsolutePath().normalize().resolve("sigillo.mv.db"), c.file());
        assertTrue(c.bytesAfter() < c.bytesBefore(), c.toString());
        assertEquals(c.bytesAfter(), Files.size(c.file()));
        try (Database db = Database.openH2(dir)) {
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE v = 300"));
        }
        Path empty = tmp.resolve("no-store");
        StoreException none = assertThrows(StoreException.class, () -> Database.compactH2(empty));
        assertEquals(StoreException.Kind.UNAVAILABLE, none.kind());
        assertTrue(!Files.exists(empty), "nothing created where there was no store");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void mapsConstraintViolationAndOtherErrors(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            createTable(db);
            StoreException dup = assertThrows(StoreException.class, () -> db.inTransaction(tx -> {
                insert(tx, 1);
                return null;
            }));
            assertEquals(StoreException.Kind.CONSTRAINT_VIOLATION, dup.kind());
            assertInstanceOf(SQLException.class, dup.getCause());
            StoreException bad = assertThrows(StoreException.class,
                    () -> SchemaMigratorTest.exec(db, "UPDATE no_such_table SET x = 1"));
            assertEquals(StoreException.Kind.FAILED, bad.kind());
            // the connections are still good afterwards
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retriesSerializationFailuresBoundedTimes(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            createTable(db);
            AtomicInteger runs = new AtomicInteger();
            int result = db.inTransaction(tx -> {
                insert(tx, 10 + runs.get()); // rolled back on each failed run
                if (runs.incrementAndGet() < 3) {
                    throw new SQLException("could not serialize access", "40001");
                }
                return runs.get();
            });
            assertEquals(3, result);
            assertEquals(1L, SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t WHERE id >= 10"));

            AtomicInteger always = new AtomicInteger();
            StoreException e = assertThrows(StoreException.class, () -> db.inTransaction(tx -> {
                always.incrementAndGet();
                throw new SQLException("deadlock detected", "40P01");
            }));
            assertEquals(StoreException.Kind.CONFLICT, e.kind());
            assertEquals(Database.MAX_ATTEMPTS, always.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRealDeadlockIsRetriedAndBothTransactionsComplete(Dialect dialect) throws Exception {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            createTable(db);
            CyclicBarrier bothHoldALock = new CyclicBarrier(2);
            AtomicInteger runs = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int[] order : new int[][] {{1, 2}, {2, 1}}) {
                    futures.add(pool.submit(() -> db.inTransaction(tx -> {
                        boolean first = runs.incrementAndGet() <= 2;
                        try (Statement st = tx.connection().createStatement()) {
                            st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = " + order[0]);
                            if (first) {
                                bothHoldALock.await(20, TimeUnit.SECONDS);
                            }
                            st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = " + order[1]);
                        } catch (Exception e) {
                            if (e instanceof SQLException) {
                                throw (SQLException) e;
                            }
                            throw new IllegalStateException(e);
                        }
                        return order[0];
                    })));
                }
                for (Future<Integer> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(runs.get() >= 3, "one transaction was chosen as deadlock victim and rerun: " + runs.get());
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT v FROM t WHERE id = 1"));
            assertEquals(2L, SchemaMigratorTest.count(db, "SELECT v FROM t WHERE id = 2"));
        }
    }

    @Test
    void unreachablePostgresIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        StoreException e = assertThrows(StoreException.class,
                () -> Database.openPostgres("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "u", new char[0]));
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void closedDatabaseIsUnavailable() {
        Database db = TestDatabases.fresh(Dialect.H2, tmp).get();
        db.close();
        StoreException e = assertThrows(StoreException.class, () -> db.inTransaction(tx -> 1));
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
    }
    /**
     * An embedder's thread may be interrupted (a request timeout, an executor shut down with
     * shutdownNow) in the middle of a transaction. On H2 that must cost at most that one
     * transaction, never the database: FileChannel closes itself on interrupt, and a plain
     * file store would close the whole database for every other caller.
     */
    @Test
    void anInterruptedCallerDoesNotCloseTheEmbeddedDatabase() throws Exception {
        try (Database db = TestDatabases.fresh(Dialect.H2, tmp).get()) {
            createTable(db);
            AtomicInteger next = new AtomicInteger(100);
            List<String> lost = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        db.inTransaction(tx -> {
                            insert(tx, next.getAndIncrement());
                            return null;
                        });
                    } catch (RuntimeException refused) {
                        // An interrupt may refuse this one transaction, as such, before it starts;
                        // anything else (a failed write, a closed or reopened database) is a loss.
                        if (!(refused instanceof StoreException se && se.kind() == StoreException.Kind.UNAVAILABLE
                                && String.valueOf(se.getMessage()).contains("interrupted waiting for a connection"))) {
                            lost.add(String.valueOf(refused));
                        }
                    }
                    Thread.interrupted();
                }
            });
            writer.start();
            for (int i = 0; i < 400; i++) {
                writer.interrupt();
                Thread.sleep(0, 300_000);
            }
            stop.set(true);
            writer.join();
            db.inTransaction(tx -> {
                insert(tx, 1_000_000);
                return null;
            });
            assertEquals(List.of(), lost, "transactions lost to an interrupt other than by refusing to start");
            assertTrue(SchemaMigratorTest.count(db, "SELECT COUNT(*) FROM t") > 3, "the database still takes writes");
        }
    }
}
