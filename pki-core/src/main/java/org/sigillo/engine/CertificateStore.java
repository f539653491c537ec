package org.sigillo.engine;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;

/**
 * The JDBC side of certificates: every method runs inside the caller's transaction, so a state
 * change, its revocation event and its audit entry commit together or not at all. Uniqueness of
 * codes and serials is enforced by the database (UNIQUE constraints), not by Java locks.
 */
final class CertificateStore {
    private static final String COLUMNS = "id, kind, code, ente, state, label, key_spec, holder_cf, requested_at, "
            + "state_changed_at, serial, issuer_ski, not_before, not_after, der, revocation_time, revocation_reason, change_seq,"
            + " invalidity_date";

    private final DurableCounters counters;

    CertificateStore(DurableCounters counters) {
        this.counters = counters;
    }

    // --- enti --------------------------------------------------------------------------

    void insertEnte(Transaction tx, Ente ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO ente (istat, name, province) VALUES (?, ?, ?)")) {
            ps.setString(1, ente.code().value());
            ps.setString(2, ente.name());
            ps.setString(3, ente.provinceCode());
            ps.executeUpdate();
        }
    }

    /**
     * Inserts the ente unless its ISTAT code is taken; false when it is, including by a
     * transaction that committed it after this one looked (its primary key violation is rolled
     * back to a savepoint, so the caller's transaction goes on and can refuse with a rule).
     */
    boolean insertEnteIfAbsent(Transaction tx, Ente ente) throws SQLException {
        if (ente(tx, ente.code()).isPresent()) {
            return false;
        }
        Connection c = tx.connection();
        Savepoint before = c.setSavepoint();
        try {
            insertEnte(tx, ente);
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before); // added meanwhile by a transaction that committed first
            return false;
        }
    }

    Optional<Ente> ente(Transaction tx, IstatCode code) throws SQLException {
        return ente(tx, code, "");
    }

    private Optional<Ente> ente(Transaction tx, IstatCode code, String lock) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT name FROM ente WHERE istat = ?" + lock)) {
            ps.setString(1, code.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Ente.of(code, rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static final Pattern CARD_NUMBER = Pattern.compile("\\d{12}");

    /**
     * The certificate with {@code code}: a workstation or server code, or a card number. A code
     * of neither form is refused as {@link InvalidCodeException} (bad input,
     * naming it), a well-formed one that is not there as {@link Refusal#UNKNOWN_CERTIFICATE}.
     */
    CertificateRecord requireByCode(Transaction tx, String code) throws SQLException {
        String stored = canonicalCode(code);
        return byCode(tx, stored).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_CERTIFICATE, "no certificate with code " + stored));
    }

    /**
     * {@code code} as the store holds it: a card number without surrounding blanks, a workstation
     * or server code as {@link EntityCode#parse} reads it (trimmed, in upper case: {@code
     * 058091-pc-0001} is {@code 058091-PC-0001}). A code that is neither {ISTAT}-PC-{NNNN},
     * {ISTAT}-CO-{NNNN} nor a 12-digit card number is refused.
     *
     * @throws InvalidCodeException naming the code and the forms expected
     */
    static String canonicalCode(String code) {
        if (code != null && CARD_NUMBER.matcher(code.strip()).matches()) {
            return code.strip();
        }
        try {
            return EntityCode.parse(code).toString();
        } catch (InvalidCodeException e) {
            throw new InvalidCodeException(String.valueOf(code),
                    "expected {ISTAT}-PC-{NNNN}, {ISTAT}-CO-{NNNN} or a 12-digit card number");
        }
    }

    /**
     * {@link #requireEnte}, holding the ente's row lock to the end of the transaction: what must
     * not interleave per ente (a Prefettura's user count before an insert, a server request and
     * the check that none is due) takes it first, on either database.
     */
    Ente lockEnte(Transaction tx, IstatCode code) throws SQLException {
        return ente(tx, code, " FOR UPDATE").orElseThrow(() -> unknownEnte(code));
    }

    /** The state of the certificate with {@code code}, holding its row lock to the end of the transaction. */
    CertificateState lockState(Transaction tx, String code) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT state FROM certificate WHERE code = ? FOR UPDATE")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RefusedException(Refusal.UNKNOWN_CERTIFICATE, "no certificate with code " + code);
                }
                return CertificateState.valueOf(rs.getString(1));
            }
        }
    }

    /** The ente with {@code code}, or {@link Refusal#UNKNOWN_ENTE} naming the code. */
    Ente requireEnte(Transaction tx, IstatCode code) throws SQLException {
        return ente(tx, code).orElseThrow(() -> unknownEnte(code));
    }

    private static RefusedException unknownEnte(IstatCode code) {
        return new RefusedException(Refusal.UNKNOWN_ENTE, "no ente with ISTAT code " + code);
    }

    List<Ente> enti(Transaction tx) throws SQLException {
        List<Ente> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT istat, name FROM ente ORDER BY istat");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Ente.of(IstatCode.parse(rs.getString(1)), rs.getString(2)));
            }
        }
        return out;
    }

    Optional<String> notificationCode(Transaction tx, IstatCode ente) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT notification_code FROM ente WHERE istat = ?")) {
            ps.setString(1, ente.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Makes {@code code} the ente's notification certificate only if it has none yet; false when
     * one was set, also by another engine whose transaction committed first (the row lock makes
     * the second writer wait and then see the first one's value).
     */
    boolean setNotificationCodeIfUnset(Transaction tx, IstatCode ente, String code) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE ente SET notification_code = ? WHERE istat = ? AND notification_code IS NULL")) {
            ps.setString(1, code);
            ps.setString(2, ente.value());
            return ps.executeUpdate() == 1;
        }
    }

    void setNotificationCode(Transaction tx, IstatCode ente, String code) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE ente SET notification_code = ? WHERE istat = ?")) {
            ps.setString(1, code);
            ps.setString(2, ente.value());
            ps.executeUpdate();
        }
    }

    // --- requests and certificates -----------------------------------------------------

    /** Records a queued request; the id comes from a durable counter. */
    CertificateRecord insertRequest(Transaction tx, CertificateKind kind, String code, IstatCode ente, Optional<String> label,
                                    KeySpec keySpec, Optional<String> holderCf, byte[] csr, Instant now) throws SQLException {
        long id = counters.next(tx, "certificate-id");
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO certificate (id, kind, code, ente, state, label, key_spec, holder_cf, requested_at, "
                        + "state_changed_at, csr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, kind.name());
            ps.setString(3, code);
            ps.setString(4, ente.value());
            ps.setString(5, CertificateState.RICHIESTA_IN_LAVORAZIONE.name());
            ps.setString(6, label.orElse(null));
            ps.setString(7, keySpec.name());
            ps.setString(8, holderCf.orElse(null));
            ps.setObject(9, odt(now));
            ps.setObject(10, odt(now));
            if (csr == null) {
                ps.setNull(11, Types.VARBINARY);
            } else {
                ps.setBytes(11, csr);
            }
            ps.executeUpdate();
        }
        return byId(tx, id).orElseThrow();
    }

    /** Queued requests, oldest first, at most {@code limit}. */
    List<CertificateRecord> queued(Transaction tx, int limit) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM certificate WHERE state = ? ORDER BY id")) {
            ps.setString(1, CertificateState.RICHIESTA_IN_LAVORAZIONE.name());
            ps.setMaxRows(limit);
            return list(ps);
        }
    }

    /** The holder of a smart-card request, as the certificate subject will read. */
    record Holder(String givenName, String surname, Optional<String> email) {
    }

    void setHolder(Transaction tx, long id, Holder h) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE certificate SET holder_given_name = ?, holder_surname = ?, holder_email = ? WHERE id = ?")) {
            ps.setString(1, h.givenName());
            ps.setString(2, h.surname());
            ps.setString(3, h.email().orElse(null));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    Optional<Holder> holder(Transaction tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT holder_given_name, holder_surname, holder_email FROM certificate WHERE id = ? AND holder_surname IS NOT NULL")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3))))
                        : Optional.empty();
            }
        }
    }

    Optional<byte[]> csr(Transaction tx, long id) throws SQLException {
        return bytes(tx, "SELECT csr FROM certificate WHERE id = ?", id);
    }

    Optional<byte[]> sealedKey(Transaction tx, long id) throws SQLException {
        return bytes(tx, "SELECT sealed_key FROM certificate WHERE id = ?", id);
    }

    /** One certificate issued for a queued request, as {@link #markIssuedAll} records it. */
    record Issued(long id, BigInteger serial, String issuerKeyId, Instant notBefore, Instant notAfter, byte[] der, byte[] sealedKey) {
    }

    /** What {@link #markIssuedAll} did: per entry, whether it was still queued (now issued), and the change number of all. */
    record Marked(boolean[] done, long changeSeq) {
    }

    /**
     * Records a chunk of issued certificates with one statement batch and one change number;
     * returns, per entry, whether its request was still queued (and so is now issued).
     */
    Marked markIssuedAll(Transaction tx, List<Issued> issued, Instant now) throws SQLException {
        long change = nextChange(tx);
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE certificate SET state = ?, serial = ?, issuer_ski = ?, not_before = ?, not_after = ?, der = ?, "
                        + "sealed_key = ?, state_changed_at = ?, change_seq = ? WHERE id = ? AND state = ?")) {
            for (Issued i : issued) {
                ps.setString(1, CertificateState.ATTIVO.name());
                ps.setString(2, i.serial().toString(16));
                ps.setString(3, i.issuerKeyId());
                ps.setObject(4, odt(i.notBefore()));
                ps.setObject(5, odt(i.notAfter()));
                ps.setBytes(6, i.der());
                if (i.sealedKey() == null) {
                    ps.setNull(7, Types.VARBINARY);
                } else {
                    ps.setBytes(7, i.sealedKey());
                }
                ps.setObject(8, odt(now));
                ps.setLong(9, change);
                ps.setLong(10, i.id());
                ps.setString(11, CertificateState.RICHIESTA_IN_LAVORAZIONE.name());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] done = new boolean[counts.length];
            for (int k = 0; k < counts.length; k++) {
                done[k] = counts[k] == 1 || counts[k] == Statement.SUCCESS_NO_INFO;
            }
            return new Marked(done, change);
        }
    }

    /**
     * Writes a lifecycle change. {@code reason} is set for BLOCK (certificateHold) and CANCEL,
     * cleared for UNBLOCK; a revocation event is recorded for the CRLs.
     */
    void writeState(Transaction tx, CertificateRecord r, CertificateState next, Optional<RevocationReason> reason,
                    Optional<Instant> invalidity, String event, Instant now) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE certificate SET state = ?, state_changed_at = ?, revocation_time = ?, revocation_reason = ?, "
                        + "invalidity_date = ?, change_seq = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, next.name());
            ps.setObject(2, odt(now));
            ps.setObject(3, reason.isPresent() ? odt(now) : null);
            if (reason.isPresent()) {
                ps.setInt(4, reason.get().code());
            } else {
                ps.setNull(4, Types.INTEGER);
            }
            ps.setObject(5, invalidity.map(CertificateStore::odt).orElse(null));
            ps.setLong(6, nextChange(tx));
            ps.setLong(7, r.id());
            ps.setString(8, r.state().name());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("certificate " + r.code() + " changed state concurrently", "40001");
            }
        }
        if (event != null) {
            long seq = counters.next(tx, "revocation-event");
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "INSERT INTO revocation_event (seq, issuer_ski, serial, event, at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setString(2, r.issuerKeyId().orElseThrow());
                ps.setString(3, r.serial().orElseThrow().toString(16));
                ps.setString(4, event);
                ps.setObject(5, odt(now));
                ps.executeUpdate();
            }
        }
    }

    /**
     * Marks the expired ones SCADUTO (ATTIVO or BLOCCATO past notAfter); returns those this
     * transaction changed. A row that another transaction changed after the read (another
     * engine's expiry, a block) is left out, so it is neither reported nor audited twice.
     */
    List<CertificateRecord> expireDue(Transaction tx, Instant now) throws SQLException {
        List<CertificateRecord> expired = new ArrayList<>();
        for (CertificateRecord r : usableBefore(tx, now)) {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "UPDATE certificate SET state = ?, state_changed_at = ?, change_seq = ? WHERE id = ? AND state = ?")) {
                ps.setString(1, CertificateState.SCADUTO.name());
                ps.setObject(2, odt(now));
                ps.setLong(3, nextChange(tx));
                ps.setLong(4, r.id());
                ps.setString(5, r.state().name());
                if (ps.executeUpdate() == 1) {
                    expired.add(r);
                }
            }
        }
        return expired;
    }

    Optional<CertificateRecord> byId(Transaction tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM certificate WHERE id = ?")) {
            ps.setLong(1, id);
            return one(ps);
        }
    }

    Optional<CertificateRecord> byCode(Transaction tx, String code) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM certificate WHERE code = ?")) {
            ps.setString(1, code);
            return one(ps);
        }
    }

    Optional<CertificateRecord> bySerial(Transaction tx, BigInteger serial) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM certificate WHERE serial = ?")) {
            ps.setString(1, serial.toString(16));
            return one(ps);
        }
    }

    /** The certificates of an ente, optionally of one kind and state, by code. */
    List<CertificateRecord> ofEnte(Transaction tx, IstatCode ente, Optional<CertificateKind> kind,
                                   Optional<CertificateState> state) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM certificate WHERE ente = ?");
        kind.ifPresent(k -> sql.append(" AND kind = ?"));
        state.ifPresent(s -> sql.append(" AND state = ?"));
        sql.append(" ORDER BY code");
        try (PreparedStatement ps = tx.connection().prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, ente.value());
            if (kind.isPresent()) {
                ps.setString(i++, kind.get().name());
            }
            if (state.isPresent()) {
                ps.setString(i, state.get().name());
            }
            return list(ps);
        }
    }

    /** Issued, usable certificates whose notAfter falls before {@code before}, soonest first (then by code). */
    List<CertificateRecord> expiringBefore(Transaction tx, Instant before) throws SQLException {
        List<CertificateRecord> out = usableBefore(tx, before);
        out.sort(Comparator.comparing((CertificateRecord r) -> r.notAfter().orElseThrow())
                .thenComparing(CertificateRecord::code));
        return out;
    }

    /**
     * ATTIVO and BLOCCATO certificates whose notAfter falls before {@code before}, in no
     * particular order. One query per (state, kind) pair, each an exact prefix of the (state,
     * kind, not_after) index and so a range of live certificates only: an IN list on two of the
     * index's columns is not a range (H2 walks one IN list at most), and a range on not_after
     * alone would begin at the first certificate ever issued.
     */
    private List<CertificateRecord> usableBefore(Transaction tx, Instant before) throws SQLException {
        List<CertificateRecord> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM certificate WHERE state = ? AND kind = ? AND not_after < ?")) {
            for (CertificateState state : List.of(CertificateState.ATTIVO, CertificateState.BLOCCATO)) {
                for (CertificateKind kind : CertificateKind.values()) {
                    ps.setString(1, state.name());
                    ps.setString(2, kind.name());
                    ps.setObject(3, odt(before));
                    out.addAll(list(ps));
                }
            }
        }
        return out;
    }

    /**
     * The server renewals due: active server certificates whose notAfter falls before
     * {@code horizon} and whose ente has no newer server certificate queued, active or blocked (a
     * block is temporary: the blocked replacement is still the ente's, and renewing again would
     * spend a code on a third), soonest first. One query; the check for a newer certificate is a NOT EXISTS on the ente's server
     * certificates (the (ente, kind) index), where it was one more query per candidate.
     */
    List<CertificateRecord> serversDueForRenewal(Transaction tx, Instant horizon) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM certificate c"
                + " WHERE c.state = ? AND c.kind = ? AND c.not_after < ? AND NOT EXISTS (SELECT 1 FROM certificate o"
                + " WHERE o.ente = c.ente AND o.kind = c.kind AND o.id > c.id AND o.state IN (?, ?, ?))"
                + " ORDER BY c.not_after, c.code")) {
            ps.setString(1, CertificateState.ATTIVO.name());
            ps.setString(2, CertificateKind.SERVER.name());
            ps.setObject(3, odt(horizon));
            ps.setString(4, CertificateState.RICHIESTA_IN_LAVORAZIONE.name());
            ps.setString(5, CertificateState.ATTIVO.name());
            ps.setString(6, CertificateState.BLOCCATO.name());
            return list(ps);
        }
    }

    /** The next change number; the counter's row lock orders changes by commit. */
    long nextChange(Transaction tx) throws SQLException {
        return counters.next(tx, "certificate-change");
    }

    /**
     * Every issued certificate changed after {@code afterSeq}, in change order; returns the
     * highest change number seen (or {@code afterSeq}).
     */
    long forEachChangedSince(Transaction tx, long afterSeq, Consumer<CertificateRecord> sink) throws SQLException {
        long max = afterSeq;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT " + COLUMNS + " FROM certificate WHERE change_seq > ? AND serial IS NOT NULL ORDER BY change_seq")) {
            ps.setLong(1, afterSeq);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CertificateRecord r = read(rs);
                    sink.accept(r);
                    max = Math.max(max, r.changeSeq());
                }
            }
        }
        return max;
    }

    // --- mapping -----------------------------------------------------------------------

    private static Optional<byte[]> bytes(Transaction tx, String sql, long id) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static Optional<CertificateRecord> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static List<CertificateRecord> list(PreparedStatement ps) throws SQLException {
        List<CertificateRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static CertificateRecord read(ResultSet rs) throws SQLException {
        String serial = rs.getString(11);
        int reason = rs.getInt(17);
        boolean noReason = rs.wasNull();
        return new CertificateRecord(
                rs.getLong(1),
                CertificateKind.valueOf(rs.getString(2)),
                rs.getString(3),
                IstatCode.parse(rs.getString(4)),
                CertificateState.valueOf(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)),
                KeySpec.valueOf(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)).map(String::trim),
                instant(rs, 9),
                instant(rs, 10),
                Optional.ofNullable(serial).map(s -> new BigInteger(s, 16)),
                Optional.ofNullable(rs.getString(12)),
                Optional.ofNullable(instantOrNull(rs, 13)),
                Optional.ofNullable(instantOrNull(rs, 14)),
                Optional.ofNullable(rs.getBytes(15)),
                Optional.ofNullable(instantOrNull(rs, 16)),
                noReason ? Optional.empty() : Optional.of(RevocationReason.fromCode(reason)),
                Optional.ofNullable(instantOrNull(rs, 19)),
                rs.getLong(18));
    }

    static OffsetDateTime odt(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
