package org.sigillo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.store.testing.TestDatabases;

class SchemaMigratorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createsBaseSchemaOnceAndSurvivesReopen(Dialect dialect) {
        Supplier<Database> store = TestDatabases.fresh(dialect, tmp);
        try (Database db = store.get()) {
            SchemaMigrator m = new SchemaMigrator(db, CLOCK);
            assertEquals(0, m.databaseVersion());
            int v = m.codeVersion();
            assertEquals(new MigrationReport(0, v), m.migrate());
            assertEquals(v, m.databaseVersion());
            assertEquals(new MigrationReport(v, v), m.migrate());
            assertEquals(1L, count(db, "SELECT COUNT(*) FROM audit_head"));
            assertEquals(0L, count(db, "SELECT COUNT(*) FROM audit_log"));
            assertEquals(0L, count(db, "SELECT COUNT(*) FROM sequence_counter"));
            assertEquals((long) v, count(db, "SELECT COUNT(*) FROM schema_version"));
        }
        try (Database db = store.get()) {
            SchemaMigrator m = new SchemaMigrator(db, CLOCK);
            assertEquals(m.codeVersion(), m.databaseVersion());
            MigrationReport again = m.migrate();
            assertFalse(again.changed());
            assertEquals(1L, count(db, "SELECT COUNT(*) FROM audit_head"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void appliesInOrderWithDialectOverride(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            SchemaMigrator m = new SchemaMigrator(db, CLOCK, "org/sigillo/store/testmigrations");
            assertEquals(2, m.codeVersion());
            assertEquals(new MigrationReport(0, 2), m.migrate());
            String expected = dialect == Dialect.POSTGRESQL ? "postgresql" : "shared";
            assertEquals(expected, string(db, "SELECT dialect FROM t_first WHERE id = 1"));
            assertEquals(1L, count(db, "SELECT COUNT(*) FROM t_second WHERE first_id = 1"));
            assertEquals(List.of(1L, 2L), List.of(count(db, "SELECT MIN(version) FROM schema_version"),
                    count(db, "SELECT MAX(version) FROM schema_version")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void failedMigrationStopsAndLaterCodeContinuesFromLastGoodVersion(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            SchemaMigrator bad = new SchemaMigrator(db, CLOCK, "org/sigillo/store/badmigrations");
            StoreException e = assertThrows(StoreException.class, bad::migrate);
            assertEquals(StoreException.Kind.MIGRATION_FAILED, e.kind());
            assertTrue(e.getMessage().contains("V2__broken.sql"), e.getMessage());
            assertEquals(1, bad.databaseVersion());
            if (dialect == Dialect.POSTGRESQL) {
                // PostgreSQL DDL is transactional: the failed script left nothing behind
                assertEquals(0L, count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 't_broken'"));
            }
            SchemaMigrator fixed = new SchemaMigrator(db, CLOCK, "org/sigillo/store/testmigrations");
            assertEquals(new MigrationReport(1, 2), fixed.migrate());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesDatabaseNewerThanCode(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            int future = new SchemaMigrator(db, CLOCK).codeVersion() + 1;
            new SchemaMigrator(db, CLOCK).migrate();
            exec(db, "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (" + future + ", 'V" + future + "__future.sql', '"
                    + "a".repeat(64) + "', CURRENT_TIMESTAMP)");
            StoreException e = assertThrows(StoreException.class, () -> new SchemaMigrator(db, CLOCK).migrate());
            assertEquals(StoreException.Kind.SCHEMA_TOO_NEW, e.kind());
            assertTrue(e.getMessage().contains("version " + future), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesAnEditedAppliedMigration(Dialect dialect) {
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            new SchemaMigrator(db, CLOCK).migrate();
            exec(db, "UPDATE schema_version SET checksum = '" + "b".repeat(64) + "' WHERE version = 1");
            StoreException e = assertThrows(StoreException.class, () -> new SchemaMigrator(db, CLOCK).migrate());
            assertEquals(StoreException.Kind.CORRUPT, e.kind());
        }
    }

    @Test
    void splitsStatementsOnLineEndingSemicolonsAndDropsComments() {
        assertEquals(List.of("CREATE TABLE a (x VARCHAR(3) DEFAULT ';')", "INSERT INTO a VALUES ('x')"),
                SchemaMigrator.split("-- c; ignored\nCREATE TABLE a (x VARCHAR(3) DEFAULT ';');\n\n"
                        + "INSERT INTO a VALUES ('x');\n"));
    }

    /** V6 on a database that has audit entries: the chain is kept whole and hash is no longer UNIQUE. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void v6KeepsTheAuditChainAndDropsTheUniqueHash(Dialect dialect) {
        String uniqueOnAuditLog = "SELECT COUNT(*) FROM information_schema.table_constraints "
                + "WHERE UPPER(table_name) = 'AUDIT_LOG' AND constraint_type = 'UNIQUE'";
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            SchemaMigrator m = new SchemaMigrator(db, CLOCK);
            assertEquals(new MigrationReport(0, 5), m.migrateTo(5));
            assertEquals(1L, count(db, uniqueOnAuditLog));
            AuditLog log = new AuditLog(db, CLOCK);
            for (int i = 1; i <= 3; i++) {
                log.append(new AuditEvent("operatore", new AuditAction("CERT_ISSUED"), "H501-PC-000" + i, "n=" + i));
            }
            assertEquals(new MigrationReport(5, 6), m.migrateTo(6));
            assertEquals(0L, count(db, uniqueOnAuditLog));
            AuditVerification v = log.verify();
            assertTrue(v instanceof AuditVerification.Intact, v.toString());
            assertEquals(3L, ((AuditVerification.Intact) v).count());
            log.append(new AuditEvent("operatore", new AuditAction("CERT_ISSUED"), "H501-PC-0004", "n=4"));
            assertEquals(4L, ((AuditVerification.Intact) log.verify()).count());
        }
    }

    /**
     * V7 swaps the state and not_after indexes for one on (state, kind, not_after), and the
     * expiry query then reads that index by its whole prefix (H2's plan names it).
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void v7ReplacesTheStateAndNotAfterIndexesWithOneOnStateKindNotAfter(Dialect dialect) {
        String indexNamed = dialect == Dialect.H2
                ? "SELECT COUNT(*) FROM information_schema.indexes WHERE LOWER(index_name) = '%s'"
                : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = '%s'";
        try (Database db = TestDatabases.fresh(dialect, tmp).get()) {
            SchemaMigrator m = new SchemaMigrator(db, CLOCK);
            assertEquals(new MigrationReport(0, 6), m.migrateTo(6));
            assertEquals(1L, count(db, indexNamed.formatted("certificate_state")));
            assertEquals(1L, count(db, indexNamed.formatted("certificate_not_after")));
            assertEquals(new MigrationReport(6, 7), m.migrateTo(7));
            assertEquals(0L, count(db, indexNamed.formatted("certificate_state")));
            assertEquals(0L, count(db, indexNamed.formatted("certificate_not_after")));
            assertEquals(1L, count(db, indexNamed.formatted("certificate_state_kind_not_after")));
            if (dialect == Dialect.H2) {
                String plan = string(db, "EXPLAIN SELECT id FROM certificate WHERE state = 'ATTIVO' AND kind = 'SERVER' "
                        + "AND not_after < TIMESTAMP WITH TIME ZONE '2030-01-01 00:00:00+00'");
                assertTrue(plan.toLowerCase(Locale.ROOT).contains("certificate_state_kind_not_after"), plan);
                assertTrue(plan.contains("NOT_AFTER <"), "the notAfter bound is part of the index range: " + plan);
            }
        }
    }

    static long count(Database db, String sql) {
        return db.inTransaction(tx -> {
            try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String string(Database db, String sql) {
        return db.inTransaction(tx -> {
            try (Statement st = tx.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    static int exec(Database db, String sql) {
        return db.inTransaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                return st.executeUpdate(sql);
            }
        });
    }

    static void execAll(Database db, String... sql) {
        db.inTransaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                for (String s : sql) {
                    st.executeUpdate(s);
                }
            }
            return null;
        });
    }
}
