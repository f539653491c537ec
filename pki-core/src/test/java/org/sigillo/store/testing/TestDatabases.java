package org.sigillo.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.SchemaMigrator;

/**
 * Fresh, empty test databases of either dialect, for tests parameterized with
 * {@code @EnumSource(Dialect.class)}: an H2 file database in a new directory under the given temp
 * dir, or a new database on the JVM's {@link PostgresTestServer}. The returned supplier opens the
 * same database each time, so a test can close and reopen it.
 *
 * <pre>{@code
 * @ParameterizedTest @EnumSource(Dialect.class)
 * void survives(Dialect d, @TempDir Path tmp) {
 *     Supplier<Database> store = TestDatabases.fresh(d, tmp);
 *     try (Database db = TestDatabases.migrated(store)) { ... }
 * }
 * }</pre>
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A new empty database of {@code dialect}; each {@code get()} opens a new {@link Database} on it. */
    public static Supplier<Database> fresh(Dialect dialect, Path tempDir) {
        if (dialect == Dialect.H2) {
            try {
                Path dir = Files.createTempDirectory(tempDir, "h2-");
                return () -> Database.openH2(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        PgTestDatabase pg = PostgresTestServer.get().createDatabase();
        return pg::open;
    }

    /** Opens the database and migrates it to the current schema. */
    public static Database migrated(Supplier<Database> store) {
        Database db = store.get();
        new SchemaMigrator(db, Clock.systemUTC()).migrate();
        return db;
    }
}
