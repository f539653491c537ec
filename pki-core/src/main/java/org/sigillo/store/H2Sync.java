package org.sigillo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * Makes an H2 commit durable. H2 writes each commit to its file at once ({@code WRITE_DELAY=0})
 * but leaves it in the operating system's page cache: a power loss could then take back a
 * certificate already handed out, or a workstation code already shown (and later hand the code
 * out again). After a transaction that changed something the database runs
 * {@code CHECKPOINT SYNC}, which forces the file to the disk; transactions that only read skip it.
 *
 * <p>Whether a transaction changed something is asked of H2's own session
 * ({@code Session.hasPendingTransaction}, public in H2's API though not in JDBC's), so no store
 * component has to remember to say so. Between the commit and the sync (the fsync's length)
 * another connection of the same process can already read the change; the writer's own caller
 * learns of its success only after the sync. A failed sync stops the store until it is opened
 * again: see {@link #closeWithoutWriting} and {@link StoreException.Kind#HALTED}. Measured: ~0.4 ms
 * of wall time per fsync on this machine's disk; the batch's own syncs cost it ~4% at most
 * (pki-bench/README.md).
 */
final class H2Sync {
    private H2Sync() {
    }

    /** True when the open transaction on {@code c} (an H2 connection) has uncommitted changes. */
    static boolean hasChanges(Connection c) throws SQLException {
        return session(c).hasPendingTransaction();
    }

    /** H2's own session behind a JDBC connection to it. */
    static Session session(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getSession();
    }

    /**
     * Forces the database file to the disk after a commit ({@code CHECKPOINT SYNC}). A failure here
     * comes after the commit: the caller must not rerun the transaction, and must stop the store
     * ({@link #closeWithoutWriting}).
     */
    static void sync(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
    }

    /**
     * Closes the database behind {@code c} without writing anything more to its file: H2's own
     * emergency stop ({@code Database.shutdownImmediately}, what it does on a power-off test), which
     * closes the file store first, with no last chunk and no compaction, then releases the file lock
     * and forgets the database, so the next open reads it from the disk. (SQL's
     * {@code SHUTDOWN IMMEDIATELY} is not enough: it first closes the other sessions, and each one's
     * rollback of a transaction in flight stores a chunk.) After a failed fsync the file's last chunk
     * may not be on the disk, and on Linux a later fsync can succeed without writing the pages the
     * failed one lost; a chunk written after it could then point into one the disk never got.
     * Stopping here leaves the disk as the last good sync left it plus whatever of the failed one
     * reached it, which H2 opens again from its newest complete chunk. A failure to stop is added
     * to {@code cause}.
     */
    static void closeWithoutWriting(Connection c, Throwable cause) {
        try {
            ((SessionLocal) session(c)).getDatabase().shutdownImmediately();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
