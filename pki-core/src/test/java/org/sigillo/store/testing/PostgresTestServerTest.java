package org.sigillo.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;

class PostgresTestServerTest {

    @Test
    void givesEachCallerAFreshEmptyDatabaseOnOneLoopbackServer() {
        PostgresTestServer server = PostgresTestServer.get();
        assertEquals(server, PostgresTestServer.get());
        PgTestDatabase a = server.createDatabase();
        PgTestDatabase b = server.createDatabase();
        assertNotEquals(a.name(), b.name());
        try (Database db = a.open()) {
            assertEquals(Dialect.POSTGRESQL, db.dialect());
            db.inTransaction(tx -> {
                try (Statement st = tx.connection().createStatement()) {
                    st.execute("CREATE TABLE only_in_a (x INT)");
                }
                return null;
            });
        }
        try (Database db = b.open()) {
            assertEquals(0L, (long) db.inTransaction(tx -> {
                try (Statement st = tx.connection().createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'only_in_a'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
            assertEquals("127.0.0.1", db.inTransaction(tx -> {
                try (Statement st = tx.connection().createStatement();
                        ResultSet rs = st.executeQuery("SHOW listen_addresses")) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
        }
    }

    @Test
    void findsTheNewestInstalledVersionOrFailsPointingAtRunTests(@TempDir Path tmp) throws IOException {
        for (String v : new String[] {"9.6", "13", "15"}) {
            Path bin = Files.createDirectories(tmp.resolve(v).resolve("bin"));
            for (String tool : new String[] {"initdb", "pg_ctl"}) {
                Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
            }
        }
        assertEquals(tmp.resolve("15/bin"), PostgresTestServer.findBin(null, tmp));
        assertEquals(tmp.resolve("13/bin"), PostgresTestServer.findBin(tmp.resolve("13/bin").toString(), tmp));

        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> PostgresTestServer.findBin(null, tmp.resolve("absent")));
        assertTrue(none.getMessage().contains("./run-tests"), none.getMessage());
        IllegalStateException badEnv = assertThrows(IllegalStateException.class,
                () -> PostgresTestServer.findBin(tmp.toString(), tmp));
        assertTrue(badEnv.getMessage().contains("SIGILLO_PG_BIN"), badEnv.getMessage());
    }
}
