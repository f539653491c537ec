package org.sigillo.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sigillo's append-only, hash-chained audit log (tables {@code audit_log} and {@code audit_head}).
 * Each entry's hash covers its fields and its predecessor's hash (see {@link AuditHashing} for the
 * exact encoding); the single {@code audit_head} row anchors the chain's last seq and hash.
 * {@link #append} locks the anchor row, so concurrent appends queue and the chain never forks, and
 * it writes inside the caller's transaction, so an entry commits exactly when the change it records does.
 *
 * <p>What {@link #verify()} detects, for someone editing the tables with SQL: a changed field or hash
 * ({@link AuditBreak#ALTERED}), a deleted entry in the middle ({@link AuditBreak#GAP}), swapped or moved
 * entries ({@link AuditBreak#REORDERED}), an entry rewritten with a recomputed hash (the next entry's
 * link breaks: {@link AuditBreak#BAD_LINK}), deleted tail entries (only thanks to the anchor:
 * {@link AuditBreak#TRUNCATED}), and an anchor that disagrees with the log ({@link AuditBreak#HEAD_MISMATCH}).
 * What it cannot detect: the hash is unkeyed, so someone who rewrites every entry from some point to the
 * end <em>and</em> the anchor row consistently (or deletes the tail and moves the anchor back) leaves a
 * valid chain. Catching that needs the head kept outside the database: {@link #verify(AuditCheckpoint)}
 * checks the chain against a head an operator recorded before ({@code sigillo audit verify} prints it,
 * {@code --checkpoint} checks it).
 */
public final class AuditLog {

    private static final String COLUMNS = "seq, ts, actor, action, subject, details, prev_hash, hash";

    private final Database db;
    private final Clock clock;

    /** The log kept in {@code db}; {@code clock} timestamps entries. */
    public AuditLog(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Appends in a transaction of its own. */
    public AuditEntry append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return db.inTransaction(tx -> append(tx, event));
    }

    /**
     * Appends {@code event} inside the caller's transaction. The anchor row stays locked until that
     * transaction ends, serializing all appends: keep the transaction short.
     */
    public AuditEntry append(Transaction tx, AuditEvent event) throws SQLException {
        return appendAll(tx, List.of(event)).get(0);
    }

    /**
     * Appends several entries in the caller's transaction, in order, taking the chain's lock
     * once (a batch records hundreds of issuances in one transaction).
     */
    public List<AuditEntry> appendAll(Transaction tx, List<AuditEvent> events) throws SQLException {
        Objects.requireNonNull(tx, "tx");
        if (events.isEmpty()) {
            return List.of();
        }
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException(StoreException.Kind.CORRUPT, "audit_head anchor row is missing");
            }
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2).trim();
        }
        if (!AuditHashing.isHash(lastHash)) {
            throw new StoreException(StoreException.Kind.CORRUPT, "audit_head holds a malformed hash: " + lastHash);
        }
        List<AuditEntry> out = new ArrayList<>(events.size());
        long seq = lastSeq;
        String prev = lastHash;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent event : events) {
                Objects.requireNonNull(event, "event");
                seq++;
                Instant ts = clock.instant().truncatedTo(ChronoUnit.MICROS);
                String hash = AuditHashing.hash(seq, ts, event, prev);
                ps.setLong(1, seq);
                ps.setObject(2, ts.atOffset(ZoneOffset.UTC));
                ps.setString(3, event.actor());
                ps.setString(4, event.action().code());
                ps.setString(5, event.subject());
                ps.setString(6, event.details());
                ps.setString(7, prev);
                ps.setString(8, hash);
                ps.addBatch();
                out.add(new AuditEntry(seq, ts, event, prev, hash));
                prev = hash;
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.executeUpdate();
        }
        return out;
    }

    /** Reads up to {@code limit} entries from {@code fromSeq} on, in order, as stored (not verified). */
    public List<AuditEntry> read(Transaction tx, long fromSeq, int limit) throws SQLException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        List<AuditEntry> out = new ArrayList<>(Math.min(limit, 1024));
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq")) {
            ps.setLong(1, fromSeq);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(Row.of(rs).entry());
                }
            }
        }
        return out;
    }

    /**
     * The entries of {@code action} about {@code subject}, in chain order, chosen by the database:
     * one code's register history reads its own entries, not the whole chain into memory. Like
     * {@link #read}, it verifies nothing; {@link #verify()} does.
     */
    public List<AuditEntry> readAbout(Transaction tx, AuditAction action, String subject) throws SQLException {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM audit_log WHERE action = ? AND subject = ? ORDER BY seq")) {
            ps.setString(1, action.code());
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Row.of(rs).entry());
                }
            }
        }
        return out;
    }

    /** Walks the whole chain in a transaction of its own; see the class comment for what is detected. */
    public AuditVerification verify() {
        return db.inTransaction(this::verify);
    }

    /**
     * Walks the whole chain, as {@link #verify()}, and then checks that it still passes through
     * {@code checkpoint}: the log holds at least its entries ({@link AuditBreak#TRUNCATED} if not),
     * and entry {@code checkpoint.seq()} has its hash ({@link AuditBreak#CHECKPOINT_MISMATCH} if not).
     */
    public AuditVerification verify(AuditCheckpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        return db.inTransaction(tx -> {
            AuditVerification v = verify(tx);
            if (!(v instanceof AuditVerification.Intact intact)) {
                return v;
            }
            if (intact.count() < checkpoint.seq()) {
                return new AuditVerification.Broken(intact.count() + 1, AuditBreak.TRUNCATED, "the log ends at entry "
                        + intact.count() + " but the checkpoint records " + checkpoint.seq() + " entries");
            }
            String hash = checkpoint.seq() == 0 ? AuditHashing.ZERO_HASH : hashOf(tx, checkpoint.seq());
            if (!checkpoint.hash().equals(hash)) {
                return new AuditVerification.Broken(checkpoint.seq(), AuditBreak.CHECKPOINT_MISMATCH, "entry "
                        + checkpoint.seq() + "'s hash is not the checkpoint's: the log was rewritten up to it");
            }
            return intact;
        });
    }

    private static String hashOf(Transaction tx, long seq) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1).trim() : null;
            }
        }
    }

    /** Walks the whole chain inside the caller's transaction. */
    public AuditVerification verify(Transaction tx) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new AuditVerification.Broken(0, AuditBreak.HEAD_MISMATCH, "the audit_head anchor row is missing");
            }
            headSeq = rs.getLong(1);
            headHash = rs.getString(2).trim();
        }
        long expected = 1;
        String prevHash = AuditHashing.ZERO_HASH;
        Row bad = null;
        boolean altered = false;
        // Only entries up to the anchor read above: later ones may be appends committed meanwhile.
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM audit_log WHERE seq <= ? ORDER BY seq")) {
            ps.setLong(1, headSeq);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = Row.of(rs);
                    if (r.seq != expected) {
                        return new AuditVerification.Broken(expected, AuditBreak.GAP,
                                "entry " + expected + " is missing (next present is " + r.seq + ")");
                    }
                    altered = !r.selfConsistent();
                    if (altered || !r.prevHash.equals(prevHash)) {
                        bad = r;
                        break;
                    }
                    prevHash = r.hash;
                    expected++;
                }
            }
        }
        if (bad != null) {
            return classify(tx, bad, altered, prevHash);
        }
        long count = expected - 1;
        if (count < headSeq) {
            return new AuditVerification.Broken(expected, AuditBreak.TRUNCATED, "the log ends at entry " + count
                    + " but the anchor records " + headSeq + " entries");
        }
        if (!prevHash.equals(headHash)) {
            return new AuditVerification.Broken(headSeq, AuditBreak.HEAD_MISMATCH,
                    "the anchor's hash differs from entry " + headSeq + "'s hash");
        }
        AuditVerification.Broken beyond = entriesBeyondAnchor(tx);
        return beyond != null ? beyond : new AuditVerification.Intact(count, prevHash);
    }

    /** Names the break at {@code r}, the first entry that is not self-consistent or not linked to its predecessor. */
    private static AuditVerification classify(Transaction tx, Row r, boolean altered, String expectedPrev)
            throws SQLException {
        if (!r.prevHash.equals(expectedPrev)) {
            Long linked = seqWithHash(tx, r.prevHash);
            if (linked != null && linked != r.seq - 1) {
                return new AuditVerification.Broken(r.seq, AuditBreak.REORDERED, "entry " + r.seq
                        + " links to entry " + linked + " instead of entry " + (r.seq - 1));
            }
        }
        if (altered) {
            return new AuditVerification.Broken(r.seq, AuditBreak.ALTERED,
                    "entry " + r.seq + "'s stored hash does not match its contents");
        }
        return new AuditVerification.Broken(r.seq, AuditBreak.BAD_LINK,
                "entry " + r.seq + "'s prev_hash is not the hash of entry " + (r.seq - 1));
    }

    /**
     * Entries past the anchor that are not explained by appends committed during the walk: an append
     * commits its entry and the anchor together, so re-reading the anchor after the highest seq covers them.
     */
    private static AuditVerification.Broken entriesBeyondAnchor(Transaction tx) throws SQLException {
        long maxSeq;
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT MAX(seq) FROM audit_log");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            maxSeq = rs.getLong(1);
        }
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT last_seq FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            long headNow = rs.next() ? rs.getLong(1) : 0;
            if (maxSeq > headNow) {
                return new AuditVerification.Broken(headNow + 1, AuditBreak.HEAD_MISMATCH,
                        "entries up to " + maxSeq + " exist beyond the anchor's last entry " + headNow);
            }
        }
        return null;
    }

    /** The entry holding {@code hash}; a scan (hash has no index since V6), run only once verify found a break. */
    private static Long seqWithHash(Transaction tx, String hash) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT seq FROM audit_log WHERE hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** One row as stored, before any validation (verify must cope with tampered values). */
    private static final class Row {
        final long seq;
        final Instant ts;
        final String actor;
        final String action;
        final String subject;
        final String details;
        final String prevHash;
        final String hash;

        private Row(ResultSet rs) throws SQLException {
            seq = rs.getLong(1);
            ts = rs.getObject(2, OffsetDateTime.class).toInstant();
            actor = rs.getString(3);
            action = rs.getString(4);
            subject = rs.getString(5);
            details = rs.getString(6);
            prevHash = rs.getString(7).trim();
            hash = rs.getString(8).trim();
        }

        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs);
        }

        AuditEvent event() {
            return new AuditEvent(actor, new AuditAction(action), subject, details);
        }

        AuditEntry entry() {
            return new AuditEntry(seq, ts, event(), prevHash, hash);
        }

        boolean selfConsistent() {
            if (!AuditHashing.isHash(prevHash) || !AuditHashing.isHash(hash)) {
                return false;
            }
            AuditEvent e;
            try {
                e = event();
            } catch (IllegalArgumentException invalid) {
                return false;
            }
            return AuditHashing.hash(seq, ts, e, prevHash).equals(hash);
        }
    }
}
