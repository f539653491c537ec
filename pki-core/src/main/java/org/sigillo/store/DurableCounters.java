package org.sigillo.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Named durable counters (table {@code sequence_counter}): {@link #next} hands out 1, 2, 3, ... per
 * name. The UPDATE takes the counter's row lock, so concurrent takers queue and each committed value
 * is unique and larger than every value committed before it. The counter is part of the caller's
 * transaction: if that transaction rolls back, its value was never handed out and is given again
 * (committed values are gapless and never reused).
 */
public final class DurableCounters {

    /** Counter names: 1-128 characters of letters, digits and {@code . _ - : /}, e.g. {@code workstation:H501}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    private final Database db;

    /** Counters kept in {@code db} (migrated by {@link SchemaMigrator}). */
    public DurableCounters(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Takes the next value of {@code name} in a transaction of its own. */
    public long next(String name) {
        checkName(name);
        return db.inTransaction(tx -> next(tx, name));
    }

    /**
     * Takes the next value of {@code name} inside the caller's transaction (the first value of a new
     * name is 1). The counter row stays locked until that transaction ends: keep it short.
     */
    public long next(Transaction tx, String name) throws SQLException {
        Objects.requireNonNull(tx, "tx");
        checkName(name);
        long v = increment(tx, name);
        if (v > 0) {
            return v;
        }
        // first use of this name: insert it; if a concurrent transaction inserted it first, our
        // INSERT fails on the primary key, and (after rolling back just that statement) we increment.
        Savepoint sp = tx.connection().setSavepoint();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO sequence_counter (name, counter_value) VALUES (?, 1)")) {
            ps.setString(1, name);
            ps.executeUpdate();
            tx.connection().releaseSavepoint(sp);
            return 1;
        } catch (SQLException e) {
            if (SqlErrors.kindOf(e) != StoreException.Kind.CONSTRAINT_VIOLATION) {
                throw e;
            }
            tx.connection().rollback(sp);
        }
        v = increment(tx, name);
        if (v <= 0) {
            throw new StoreException(StoreException.Kind.CORRUPT, "counter " + name + " vanished while in use");
        }
        return v;
    }

    /** The last value handed out for {@code name} and committed (0 if never used), read in the caller's transaction. */
    public long current(Transaction tx, String name) throws SQLException {
        checkName(name);
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT counter_value FROM sequence_counter WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Increments an existing counter and reads it back under the row lock; 0 when the name is new. */
    private static long increment(Transaction tx, String name) throws SQLException {
        try (PreparedStatement up = tx.connection().prepareStatement(
                "UPDATE sequence_counter SET counter_value = counter_value + 1 WHERE name = ?")) {
            up.setString(1, name);
            if (up.executeUpdate() == 0) {
                return 0;
            }
        }
        try (PreparedStatement sel = tx.connection().prepareStatement(
                "SELECT counter_value FROM sequence_counter WHERE name = ?")) {
            sel.setString(1, name);
            try (ResultSet rs = sel.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(StoreException.Kind.CORRUPT, "counter " + name + " vanished while locked");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad counter name (1-128 of A-Z a-z 0-9 . _ : / -): " + name);
        }
    }
}
