package org.sigillo.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.engine.SessionLocal;
import org.h2.mvstore.MVStore;

/**
 * Gives the embedded H2 store back the housekeeping that {@code WRITE_DELAY=0} takes from it,
 * and compacts a closed store fully.
 *
 * <p>Every H2 commit writes a new chunk holding each page it changed; later commits replace most
 * of those pages, but a chunk is reused only once none of its pages is live any more. H2's
 * background thread rewrites the live pages of sparse chunks so that they can be freed, but that
 * thread runs only with a write delay, and a write delay would leave commits unwritten for a
 * while (and H2's asynchronous stores would slip past {@link H2Sync}). Without it the file only
 * grows: measured, ~13 KB a certificate (registration plus issuance) against ~0.8 KB of live
 * data, a file twenty times its data after 400,000 certificates (pki-bench/README.md).
 *
 * <p>So the database runs H2's own compaction ({@link MVStore#compact(int, int)}: rewrite the
 * live pages of the sparsest chunks older than H2's retention time, up to a bounded amount) on the
 * thread of every {@value #EVERY}th committed write, after that write is synced. The rewritten
 * pages are stored by the next commit; until then the old chunks stay where they were.
 */
final class H2Housekeeping {
    /** Committed writes between two compactions. */
    static final int EVERY = 1_000;
    /** Compact only while less than this share (%) of the chunks' space is live. */
    static final int TARGET_FILL_RATE = 80;
    /** Live bytes rewritten by one compaction at most (~4 KB for each write since the last one). */
    static final int WRITE_LIMIT = 4 << 20;

    private H2Housekeeping() {
    }

    /** Runs one bounded compaction of the store behind {@code c} (an H2 connection); true if it rewrote anything. */
    static boolean compact(Connection c) throws SQLException {
        MVStore store = ((SessionLocal) H2Sync.session(c)).getDatabase().getStore().getMvStore();
        return store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
    }

    /**
     * The offline compaction ({@link Database#compactH2}): {@code SHUTDOWN COMPACT} on {@code c},
     * which rewrites the file with its live pages and closes the database. Refused first, as
     * {@link StoreException.Kind#UNAVAILABLE}, when any other session has the database open:
     * inside one JVM H2 shares an open database among all who open it, so an engine of this
     * process would lose its database under it (another process is kept out by the file lock).
     */
    static void shutdownCompact(Connection c, String description) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new StoreException(StoreException.Kind.UNAVAILABLE, description + " is open elsewhere in this process ("
                            + rs.getLong(1) + " other sessions): close it before compacting");
                }
            }
            st.execute("SHUTDOWN COMPACT");
        }
    }
}
