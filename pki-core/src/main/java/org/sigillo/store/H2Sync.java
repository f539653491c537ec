package org.sigillo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
 * learns of its success only after the sync. Measured: ~0.4 ms of wall time per fsync on this
 * machine's disk; the batch's own syncs cost it ~4% at most (pki-bench/README.md).
 */
final class H2Sync {
    private H2Sync() {
    }

    /** True when the open transaction on {@code c} (an H2 connection) has uncommitted changes. */
    static boolean hasChanges(Connection c) throws SQLException {
        return session(c).hasPendingTransaction();
    }

    /** H2's own session behind a JDBC connection to it. */
    static org.h2.engine.Session session(Connection c) throws SQLException {
        return c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
    }

    /**
     * Forces the database file to the disk after a commit. A failure here comes after the commit,
     * so it must not rerun the transaction: it is reported as {@link StoreException.Kind#UNAVAILABLE}
     * (the change is in the file, perhaps not yet on the disk).
     */
    static void sync(Connection c, String description) {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "transaction on " + description
                    + " committed, but its file could not be forced to the disk: " + e.getMessage(), e);
        }
    }
}
