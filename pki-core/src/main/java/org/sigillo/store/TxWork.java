package org.sigillo.store;

import java.sql.SQLException;

/**
 * Work run inside one database transaction by {@link Database#inTransaction(TxWork)}. It may be run
 * more than once (the transaction is retried on serialization failure or deadlock), so it must have
 * no effect outside the database that would be wrong to repeat.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TxWork<T> {

    /** Does the work through {@code tx}; must neither commit, roll back nor close its connection. */
    T run(Transaction tx) throws SQLException;
}
