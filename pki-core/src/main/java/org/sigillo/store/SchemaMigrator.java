package org.sigillo.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the database schema to the version of this code, at engine start. Migrations are classpath
 * SQL scripts listed in {@code org/sigillo/store/migrations/INDEX}; each runs in its own transaction
 * and is recorded in {@code schema_version} with its SHA-256, so running again is a no-op, an edited
 * script is reported as {@link StoreException.Kind#CORRUPT}, and a database newer than the code is
 * refused with {@link StoreException.Kind#SCHEMA_TOO_NEW}. On PostgreSQL a transaction-scoped advisory
 * lock serializes engines starting together; H2 commits DDL implicitly, so there a failing script may
 * leave part of its work behind (H2 is single-process, and its scripts are ours and tested).
 */
public final class SchemaMigrator {

    static final String DEFAULT_LOCATION = "org/sigillo/store/migrations";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,5})__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(?:\\r?\\n|$)");
    /** Arbitrary key of the PostgreSQL advisory lock taken while migrating ("SIGILLO" in ASCII-ish). */
    private static final long PG_LOCK_KEY = 0x5349_4749_4C4CL;

    private final Database db;
    private final Clock clock;
    private final String location;
    private final List<Migration> migrations;

    /** Migrator for Sigillo's own migrations; {@code clock} stamps {@code schema_version.applied_at}. */
    public SchemaMigrator(Database db, Clock clock) {
        this(db, clock, DEFAULT_LOCATION);
    }

    /** Migrator over the scripts indexed under another classpath location (tests). */
    SchemaMigrator(Database db, Clock clock, String location) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.location = Objects.requireNonNull(location, "location");
        this.migrations = load(location, db.dialect());
    }

    /** The schema version this code expects (the last migration's version). */
    public int codeVersion() {
        return migrations.size();
    }

    /** The version recorded in the database (0 when no migration was ever applied). */
    public int databaseVersion() {
        return db.inTransaction(tx -> {
            lock(tx); // CREATE TABLE IF NOT EXISTS is not safe against a concurrent one on PostgreSQL
            createVersionTable(tx);
            TreeMap<Integer, String> applied = applied(tx);
            return applied.isEmpty() ? 0 : applied.lastKey();
        });
    }

    /** Applies every migration the database lacks, in order; returns the version found and the version left. */
    public MigrationReport migrate() {
        return migrateTo(codeVersion());
    }

    /** Applies the migrations the database lacks up to {@code version} (tests of one migration on an older schema). */
    MigrationReport migrateTo(int version) {
        db.inTransaction(tx -> {
            // under the lock too: two PostgreSQL sessions running CREATE TABLE IF NOT EXISTS at once
            // both find no table, and the second then fails on the catalog's unique index (23505) or
            // with "relation already exists" (42P07), so an engine starting with another one failed
            lock(tx);
            createVersionTable(tx);
            return null;
        });
        int from = db.inTransaction(tx -> {
            lock(tx);
            return check(applied(tx));
        });
        for (Migration m : migrations) {
            if (m.version() <= from || m.version() > version) {
                continue;
            }
            db.inTransaction(tx -> {
                lock(tx);
                int now = check(applied(tx));
                if (now >= m.version()) {
                    return null; // another engine applied it meanwhile
                }
                apply(tx, m);
                return null;
            });
        }
        return new MigrationReport(from, Math.max(from, version));
    }

    private void apply(Transaction tx, Migration m) throws SQLException {
        try (Statement st = tx.connection().createStatement()) {
            for (String sql : m.statements()) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new StoreException(StoreException.Kind.MIGRATION_FAILED, "migration " + m.file()
                            + " failed at statement [" + firstLine(sql) + "]: " + e.getMessage(), e);
                }
            }
        }
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.file());
            ps.setString(3, m.checksum());
            ps.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** Validates what the database records against the code; returns the database's version. */
    private int check(TreeMap<Integer, String> applied) {
        if (applied.isEmpty()) {
            return 0;
        }
        int top = applied.lastKey();
        if (top > codeVersion()) {
            throw new StoreException(StoreException.Kind.SCHEMA_TOO_NEW, "database schema version " + top
                    + " is newer than this code (it knows versions up to " + codeVersion()
                    + "); run a Sigillo release that knows it");
        }
        int expected = 1;
        for (var e : applied.entrySet()) {
            if (e.getKey() != expected) {
                throw new StoreException(StoreException.Kind.CORRUPT,
                        "schema_version lacks version " + expected + " but records version " + e.getKey());
            }
            Migration m = migrations.get(expected - 1);
            if (!m.checksum().equals(e.getValue())) {
                throw new StoreException(StoreException.Kind.CORRUPT, "migration " + m.file()
                        + " differs from the script applied to this database (checksum " + e.getValue()
                        + ", code has " + m.checksum() + ")");
            }
            expected++;
        }
        return top;
    }

    private static void createVersionTable(Transaction tx) throws SQLException {
        try (Statement st = tx.connection().createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                    + "checksum CHAR(64) NOT NULL, applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)");
        }
    }

    private static void lock(Transaction tx) throws SQLException {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, PG_LOCK_KEY);
                ps.executeQuery().close();
            }
        }
    }

    private static TreeMap<Integer, String> applied(Transaction tx) throws SQLException {
        TreeMap<Integer, String> out = new TreeMap<>();
        try (Statement st = tx.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2).trim());
            }
        }
        return out;
    }

    private static List<Migration> load(String location, Dialect dialect) {
        String index = resource(location + "/INDEX");
        if (index == null) {
            throw new IllegalStateException("no migration index at classpath:" + location + "/INDEX");
        }
        List<Migration> out = new ArrayList<>();
        for (String raw : index.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration name in index: " + line);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new IllegalStateException("migration " + line + " out of order: expected version "
                        + (out.size() + 1));
            }
            String text = resource(location + "/" + dialect.resourceDir() + "/" + line);
            if (text == null) {
                text = resource(location + "/" + line);
            }
            if (text == null) {
                throw new IllegalStateException("migration " + line + " listed but not found under " + location);
            }
            out.add(new Migration(version, line, sha256Hex(text), split(text)));
        }
        return List.copyOf(out);
    }

    static List<String> split(String script) {
        StringBuilder body = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : STATEMENT_END.split(body)) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath:" + name, e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String firstLine(String sql) {
        int nl = sql.indexOf('\n');
        return nl < 0 ? sql : sql.substring(0, nl) + " ...";
    }

    /** One migration script: its version, file name, checksum and statements. */
    private record Migration(int version, String file, String checksum, List<String> statements) {
    }
}
