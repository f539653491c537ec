package org.sigillo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A tiny bounded pool: at most {@code maxSize} connections are open or lent at once; idle ones are
 * kept for reuse and checked with {@link Connection#isValid(int)} before they are lent again.
 * Sigillo's transaction rate is modest (registration desk operations, CRL runs), so a full pool
 * library is not worth its dependency.
 */
final class ConnectionPool implements AutoCloseable {

    private final DataSource source;
    private final Semaphore permits;
    private final Duration borrowTimeout;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(DataSource source, int maxSize, Duration borrowTimeout) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + maxSize);
        }
        this.source = source;
        this.permits = new Semaphore(maxSize, true);
        this.borrowTimeout = borrowTimeout;
    }

    /** Lends a connection with auto-commit off; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE,
                        "no database connection free within " + borrowTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted waiting for a connection", e);
        }
        try {
            Connection c;
            while ((c = pollIdle()) != null) {
                if (c.isValid(2)) {
                    return c;
                }
                closeQuietly(c);
            }
            c = source.getConnection();
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; a broken one (or any after {@link #close()}) is closed instead of kept. */
    void release(Connection c, boolean broken) {
        try {
            boolean keep;
            synchronized (this) {
                keep = !broken && !closed;
                if (keep) {
                    idle.push(c);
                }
            }
            if (!keep) {
                closeQuietly(c);
            }
        } finally {
            permits.release();
        }
    }

    private synchronized Connection pollIdle() {
        if (closed) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "database is closed");
        }
        return idle.poll();
    }

    @Override
    public void close() {
        ArrayDeque<Connection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(ConnectionPool::closeQuietly);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded; nothing more to do with it
        }
    }
}
