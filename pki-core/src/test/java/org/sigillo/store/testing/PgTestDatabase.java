package org.sigillo.store.testing;

import org.sigillo.store.Database;

/**
 * One fresh database on the {@link PostgresTestServer}; {@link #open()} may be called again after
 * closing to prove that data survived.
 *
 * @param url  JDBC URL
 * @param user user name (trust authentication, empty password)
 * @param name database name
 */
public record PgTestDatabase(String url, String user, String name) {

    /** Opens a {@link Database} on it (not migrated). */
    public Database open() {
        return Database.openPostgres(url, user, new char[0]);
    }
}
