package org.sigillo.store;

import java.sql.Connection;

/**
 * An open transaction handed to {@link TxWork}: the connection to use and the dialect it speaks.
 * Store components ({@link DurableCounters}, {@link AuditLog}, the certificate tables) take a
 * {@code Transaction} so their changes commit or roll back together with the caller's.
 * Valid only while the work runs; the {@link Database} commits, rolls back and closes it.
 */
public final class Transaction {

    private final Connection connection;
    private final Dialect dialect;

    Transaction(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** The JDBC connection of this transaction (auto-commit off); never commit, roll back or close it. */
    public Connection connection() {
        return connection;
    }

    /** The SQL dialect of the database behind this transaction. */
    public Dialect dialect() {
        return dialect;
    }
}
