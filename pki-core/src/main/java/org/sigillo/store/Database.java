package org.sigillo.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Sigillo's database: a small bounded set of JDBC connections to an embedded H2 file database or a
 * PostgreSQL server, and {@link #inTransaction(TxWork)}, the one way to run SQL against it.
 * Open it, run {@link SchemaMigrator#migrate()} once, then hand it to the store components.
 */
public final class Database implements AutoCloseable {

    /** How many times a transaction is run in all before a serialization failure or deadlock is reported. */
    static final int MAX_ATTEMPTS = 5;
    private static final int DEFAULT_POOL_SIZE = 4;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

    private final Dialect dialect;
    private final ConnectionPool pool;
    private final String description;
    /**
     * Committed writes forced to the disk by {@link H2Sync} (H2 only): {@link H2Housekeeping} runs
     * after every {@link #compactEvery}th; tests read it.
     */
    private final AtomicLong syncedWrites = new AtomicLong();
    /** Compactions that rewrote something (H2 only), for tests and diagnostics. */
    private final LongAdder compactions = new LongAdder();
    private final int compactEvery;
    /** The failure to force a commit to the disk (H2 only), once there was one: every transaction is refused from then on. */
    private volatile SQLException halted;

    private Database(Dialect dialect, DataSource source, int poolSize, String description, int compactEvery) {
        this.dialect = dialect;
        this.pool = new ConnectionPool(source, poolSize, BORROW_TIMEOUT);
        this.description = description;
        this.compactEvery = compactEvery;
    }

    /**
     * Opens (creating if needed) the embedded H2 database {@code <dir>/sigillo.mv.db}. Settings:
     * {@code FILE_LOCK=FILE} so a second process cannot open the same files; {@code WRITE_DELAY=0}
     * so every commit is written to the file at once. H2 itself does not fsync a commit, so every
     * transaction that changed something is followed by {@code CHECKPOINT SYNC} ({@link H2Sync})
     * before {@link #inTransaction} returns: what the engine hands out survives a power loss too;
     * and every {@value H2Housekeeping#EVERY}th committed write runs H2's chunk compaction
     * ({@link H2Housekeeping}), which its write delay would otherwise have run in the background;
     * {@code LOCK_TIMEOUT=10000} ms for row lock waits; {@code DB_CLOSE_ON_EXIT=TRUE} so H2 closes
     * the files cleanly if the JVM exits without {@link #close()}. The files are reached through
     * H2's {@code retry:} file system: a plain {@code FileChannel} closes itself when the thread
     * using it is interrupted, which makes H2 close the whole database under every other caller;
     * {@code retry:} reopens the channel and repeats the operation instead, so an embedder's
     * interrupted request thread costs at most its own transaction (see DatabaseTest). It
     * replaced {@code async:} (an {@code AsynchronousFileChannel}, equally safe), whose I/O
     * threads cost the batch about 15% of its throughput on two cores (pki-bench/README.md).
     */
    public static Database openH2(Path dir) {
        return openH2(dir, H2Housekeeping.EVERY);
    }

    /** {@link #openH2(Path)}, compacting after every {@code compactEvery}th committed write (tests use small values). */
    static Database openH2(Path dir, int compactEvery) {
        return openH2(dir, compactEvery, "retry:");
    }

    /**
     * {@link #openH2(Path, int)} through the H2 file systems named by {@code fileSystems} (their
     * prefixes, each ending in {@code ':'}; the default is {@code "retry:"}): tests put one that fails on demand under it.
     */
    static Database openH2(Path dir, int compactEvery, String fileSystems) {
        Objects.requireNonNull(dir, "dir");
        if (compactEvery < 1) {
            throw new IllegalArgumentException("compactEvery must be at least 1: " + compactEvery);
        }
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(abs)) {
                // owner-only: the store holds personal data (codici fiscali, e-mail addresses, the
                // audit log) and password hashes, and H2 makes its files under the umask (0644)
                Files.createDirectories(abs.getParent());
                try {
                    Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectory(abs); // a non-POSIX file system: its own protection applies
                }
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot create database directory " + abs, e);
        }
        if (abs.toString().contains(";")) {
            throw new IllegalArgumentException("database directory must not contain ';': " + abs);
        }
        JdbcDataSource ds = new JdbcDataSource();
        // QUERY_CACHE_SIZE: parsed statements kept per session (H2's default is 8). The engine
        // prepares ~70 distinct statements, a batch's recording transaction a dozen of them, so with
        // 8 each group re-parsed its statements: 8.4% of the recording thread's JFR samples in the
        // batch benchmark, 1.9% with 128
        ds.setURL("jdbc:h2:" + fileSystems + abs.resolve("sigillo")
                + ";FILE_LOCK=FILE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=TRUE;QUERY_CACHE_SIZE=128");
        ds.setUser("sigillo");
        ds.setPassword("");
        Database db = new Database(Dialect.H2, ds, DEFAULT_POOL_SIZE, "H2 " + abs, compactEvery);
        db.probe();
        return db;
    }

    /**
     * Compacts the embedded H2 database in {@code dir} offline: H2's {@code SHUTDOWN COMPACT}
     * rewrites the file with its live pages only, which {@link H2Housekeeping} does not do while
     * the store is open (it frees space for reuse, and H2 keeps 45 s of written chunks besides).
     * No engine may have the store open: another process is kept out by H2's file lock, another
     * {@code Database} of this process by a look at H2's sessions first; either is refused as
     * {@link StoreException.Kind#UNAVAILABLE}, and the store is left as it was. Measured: a
     * 6.7 GB file of 400,000 certificates became 330 MB in under 15 s.
     */
    public static FileCompaction compactH2(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path file = dir.toAbsolutePath().normalize().resolve("sigillo.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "no embedded database at " + file);
        }
        long before = fileSize(file);
        Database db = openH2(dir);
        try {
            db.shutdownCompact();
        } finally {
            db.close();
        }
        return new FileCompaction(file, before, fileSize(file));
    }

    private void shutdownCompact() {
        try {
            Connection c = pool.borrow(); // the only connection of this fresh pool: the probe's
            boolean closed = false;
            try {
                H2Housekeeping.shutdownCompact(c, description);
                closed = true;
            } finally {
                pool.release(c, closed); // after SHUTDOWN, H2 has closed the database under it
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("SHUTDOWN COMPACT of " + description, e);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot read the size of " + file, e);
        }
    }

    /**
     * Connects to PostgreSQL at a JDBC URL ({@code jdbc:postgresql://host:port/db}). The password
     * array is copied into the driver (which keeps a String) and may be cleared by the caller afterwards.
     */
    public static Database openPostgres(String url, String user, char[] password) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(new String(password));
        ds.setConnectTimeout(10);
        ds.setLoginTimeout(10);
        ds.setTcpKeepAlive(true);
        Database db = new Database(Dialect.POSTGRESQL, ds, DEFAULT_POOL_SIZE, "PostgreSQL " + url, Integer.MAX_VALUE);
        db.probe();
        return db;
    }

    /** Opens a connection once so that a wrong URL or a locked file is reported at open, not later. */
    private void probe() {
        inTransaction(tx -> null);
    }

    /** How many transactions have been forced to the disk after their commit (H2 only; 0 on PostgreSQL, which syncs its own commits). */
    long syncCount() {
        return syncedWrites.get();
    }

    /** How many of {@link H2Housekeeping}'s compactions rewrote something (H2 only). */
    long compactionCount() {
        return compactions.sum();
    }

    /** The dialect of this database. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction and commits it; on any exception rolls back. A
     * serialization failure or deadlock reruns the whole work, up to {@value #MAX_ATTEMPTS} runs in
     * all, then fails with {@link StoreException.Kind#CONFLICT}. Every {@link SQLException} leaves
     * as a {@link StoreException} of the matching kind; unchecked exceptions of the work pass through.
     * On H2 a transaction that changed something is forced to the disk before this returns; if that
     * fails, the store stops and refuses every later transaction as {@link StoreException.Kind#HALTED}.
     */
    public <T> T inTransaction(TxWork<T> work) {
        Objects.requireNonNull(work, "work");
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return runOnce(work);
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e)) {
                    throw SqlErrors.wrap("transaction on " + description, e);
                }
                last = e;
                backOff(attempt);
            }
        }
        throw new StoreException(StoreException.Kind.CONFLICT, "transaction on " + description
                + " still conflicting after " + MAX_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    private <T> T runOnce(TxWork<T> work) throws SQLException {
        if (halted != null) {
            throw refusedWhileHalted(halted);
        }
        Connection c = pool.borrow();
        boolean broken = false;
        try {
            T result = work.run(new Transaction(c, dialect));
            boolean wrote = dialect == Dialect.H2 && H2Sync.hasChanges(c);
            c.commit();
            if (wrote) {
                syncOrHalt(c);
                if (syncedWrites.incrementAndGet() % compactEvery == 0) {
                    housekeep(c);
                }
            }
            return result;
        } catch (SQLException e) {
            broken = SqlErrors.isConnectionBroken(e);
            broken |= !rollback(c, e);
            if (halted != null) { // the store stopped under this transaction: it closed its session before the commit
                throw refusedWhileHalted(e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            broken = !rollback(c, e);
            throw e;
        } finally {
            pool.release(c, broken);
        }
    }

    private StoreException refusedWhileHalted(Throwable cause) {
        return new StoreException(StoreException.Kind.HALTED, description + " stopped after a commit could not be forced"
                + " to the disk (" + halted.getMessage() + "); it refuses every transaction, changing nothing, until it is"
                + " opened again (restart the engine), which recovers it from what the disk holds", cause);
    }

    /**
     * Forces a committed write to the disk ({@link H2Sync#sync}). When that fails the write's fate
     * is unknown, so the store stops: the database is closed without writing anything more
     * ({@link H2Sync#closeWithoutWriting}) and every later transaction is refused as
     * {@link StoreException.Kind#HALTED}, the way PostgreSQL stops after a failed fsync. Opening the
     * store again (a new {@code Database}, in practice a restarted engine) recovers it from the disk.
     */
    private void syncOrHalt(Connection c) {
        try {
            H2Sync.sync(c);
        } catch (SQLException e) {
            StoreException stop = new StoreException(StoreException.Kind.HALTED, "transaction on " + description
                    + " committed, but its file could not be forced to the disk (" + e.getMessage() + "): whether it"
                    + " survives is unknown; the store stopped without writing anything more and refuses every"
                    + " transaction until it is opened again", e);
            halted = e;
            H2Sync.closeWithoutWriting(c, stop);
            throw stop;
        }
    }

    /**
     * Runs H2's compaction after a committed write ({@link H2Housekeeping}). The write is done and
     * synced whatever happens here, so a failure is logged, not thrown.
     */
    private void housekeep(Connection c) {
        try {
            if (H2Housekeeping.compact(c)) {
                compactions.increment();
            }
        } catch (SQLException | RuntimeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.getLogger(Database.class.getName()).log(System.Logger.Level.WARNING,
                    "H2 compaction of " + description + " failed (the store is intact; it is tried again later): " + e);
        }
    }

    /** Rolls back, adding any failure to the original exception; false when the connection seems dead. */
    private static boolean rollback(Connection c, Throwable original) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            original.addSuppressed(e);
            return false;
        }
    }

    private static void backOff(int attempt) {
        try {
            // short, growing and jittered so that two colliding transactions do not collide again
            long ms = (long) (Math.random() * 10 * attempt) + 2L * attempt;
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.CONFLICT, "interrupted while retrying a transaction", e);
        }
    }

    /** Closes idle connections; connections still lent are closed when given back. H2 closes its files then. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }
}
