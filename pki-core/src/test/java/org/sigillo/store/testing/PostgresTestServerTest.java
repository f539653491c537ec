package org.sigillo.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
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
}
