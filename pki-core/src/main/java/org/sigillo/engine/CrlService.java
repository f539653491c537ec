package org.sigillo.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.CrlEntries;
import org.sigillo.crl.CrlHeader;
import org.sigillo.crl.CrlPublisher;
import org.sigillo.crl.CrlScope;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.crl.StreamingCrlWriter;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.store.AuditEvent;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;

/**
 * Issues and publishes the full and delta CRLs of one CA from the store.
 *
 * <p>Policy, in one place:
 * <ul>
 *   <li>One CRL number sequence per CA, shared by full and delta CRLs (RFC 5280 5.2.3),
 *       from a durable counter: strictly increasing across restarts.</li>
 *   <li>A full CRL lists every blocked (certificateHold) and cancelled certificate whose
 *       notAfter is not before the cutoff: the earlier of one CRL period ago and the thisUpdate
 *       of the CA's last published full CRL. So an entry leaves only once a full CRL issued
 *       after the certificate expired has listed it (RFC 5280 3.3; X.509's expiredCertsOnCRL),
 *       even when CRLs came further apart than their validity (a schedule stopped, an engine
 *       down), then goes, so the CRL does not grow without bound over the years. Before the
 *       CA's first published full CRL there is no cutoff.</li>
 *   <li>A delta CRL's base is the last <em>published</em> full CRL; it lists what changed
 *       since: new holds and revocations with their reasons, and unblocked certificates as
 *       removeFromCRL.</li>
 *   <li>Cancelled certificates move from REVOCA_IN_LAVORAZIONE to REVOCATO once a CRL that
 *       lists them is on disk, in the transaction that marks the CRL published, with one audit
 *       entry per certificate moved and one for the CRL: no state change without its entry.</li>
 *   <li>The CRL is recorded before it is signed and marked published after its files are
 *       atomically in place; a crash in between costs a CRL number, never a wrong file. A crash
 *       between the DER and the PEM renames leaves the PEM one CRL behind: {@link #realignPem}
 *       (run when the engine opens) rewrites it from the DER.</li>
 *   <li>Engines sharing one CRL folder: a CRL whose files would replace a newer CRL of the same
 *       CA (another engine took a higher number after this one and renamed first) is left off
 *       the disk and not marked published ({@link CrlPublisher}, under a lock of the folder),
 *       so the number on disk never goes back and a delta's base is never newer than the full
 *       CRL beside it.</li>
 * </ul>
 */
final class CrlService {
    private final Database db;
    private final DurableCounters counters;
    private final Clock clock;
    /** How old a temporary CRL file must be to count as a leftover of a killed publication. */
    static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    private final Duration validity;
    private final Path directory;
    private final Audit audit;
    private final StreamingCrlWriter writer = new StreamingCrlWriter();

    /**
     * @param validity  nextUpdate - thisUpdate of every CRL
     * @param directory where CRL files are published
     */
    CrlService(Database db, Audit audit, Clock clock, Duration validity, Path directory) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("CRL validity must be positive, was " + validity);
        }
        this.db = db;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.counters = new DurableCounters(db);
        this.clock = clock;
        this.validity = validity;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the CRL directory " + directory, e);
        }
    }

    /** The CRL validity (nextUpdate - thisUpdate). */
    public Duration validity() {
        return validity;
    }

    /** A cancelled certificate a published CRL moves to REVOCATO. */
    private record Moving(long id, String code, String serial) {
    }

    private record Prepared(CrlHeader header, CrlEntries entries, long number, long watermark) {
    }

    /**
     * Issues and publishes one CRL. Synchronized so that this service renames its files in the
     * order of their numbers (a slower, lower-numbered CRL never replaces a newer one on disk).
     */
    synchronized PublishedCrl publish(CrlIssuer issuer, boolean delta) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!Files.isDirectory(directory)) {
            // before the number is taken and the CRL recorded: a refused reissue leaves the store as it was
            throw new UncheckedIOException(new IOException("the CRL folder " + directory + " is missing: no "
                    + (delta ? "delta" : "full") + " CRL of " + issuer.name() + " was issued"));
        }
        Prepared p = db.inTransaction(tx -> prepare(tx, issuer, delta, now));
        PublishedCrl published;
        try {
            published = new CrlPublisher(directory, issuer.name(), writer).publish(p.header(), p.entries(), issuer.signer().get());
        } catch (IOException e) {
            throw new UncheckedIOException("publishing the " + (delta ? "delta" : "full") + " CRL " + p.number()
                    + " of " + issuer.name() + " failed", e);
        }
        if (published.superseded()) {
            // another engine sharing the folder put a newer CRL of this CA there first: this one
            // never went out, so it is neither marked published (no delta takes it as its base)
            // nor moves anything to REVOCATO (the newer CRL, which reflects at least as much, does)
            System.getLogger(CrlService.class.getName()).log(System.Logger.Level.INFO,
                    "{0} CRL {1} of {2} not put in place: {3} already holds a newer one", delta ? "delta" : "full",
                    p.number(), issuer.name(), published.der());
            return published;
        }
        db.inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "UPDATE crl_issued SET published = TRUE WHERE issuer_ski = ? AND crl_number = ?")) {
                ps.setString(1, issuer.keyIdHex());
                ps.setLong(2, p.number());
                ps.executeUpdate();
            }
            // Cancelled certificates listed in a CRL that is now on disk are REVOCATO: those whose
            // cancel (not an earlier block or unblock) this CRL reflects. Their rows are locked and
            // read first, so each one moved gets its audit entry in this same transaction.
            String listed = " FROM certificate WHERE issuer_ski = ? AND state = ? AND serial IN (SELECT serial FROM revocation_event"
                    + " WHERE issuer_ski = ? AND event = 'REVOKE' AND seq <= ?)";
            List<Moving> moving = new ArrayList<>();
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT id, code, serial" + listed + " FOR UPDATE")) {
                ps.setString(1, issuer.keyIdHex());
                ps.setString(2, CertificateState.REVOCA_IN_LAVORAZIONE.name());
                ps.setString(3, issuer.keyIdHex());
                ps.setLong(4, p.watermark());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        moving.add(new Moving(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            if (!moving.isEmpty()) {
                long change = counters.next(tx, "certificate-change");
                try (PreparedStatement ps = tx.connection().prepareStatement(
                        "UPDATE certificate SET state = ?, state_changed_at = ?, change_seq = ? WHERE id = ? AND state = ?")) {
                    for (Moving m : moving) {
                        ps.setString(1, CertificateState.REVOCATO.name());
                        ps.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                        ps.setLong(3, change);
                        ps.setLong(4, m.id());
                        ps.setString(5, CertificateState.REVOCA_IN_LAVORAZIONE.name());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            List<AuditEvent> events = new ArrayList<>();
            for (Moving m : moving) {
                events.add(audit.event(Audit.CERT_REVOKED, m.code(), "serial=" + m.serial() + " REVOCA_IN_LAVORAZIONE->REVOCATO listed in "
                        + issuer.name() + " CRL number=" + p.number()));
            }
            events.add(audit.event(Audit.CRL_PUBLISHED, issuer.name(), (delta ? "delta" : "full") + " number=" + p.number()
                    + " file=" + published.der().getFileName()));
            audit.appendAll(tx, events);
            return null;
        });
        return published;
    }

    private Prepared prepare(Transaction tx, CrlIssuer issuer, boolean delta, Instant now) throws SQLException {
        String ski = issuer.keyIdHex();
        // The number first: its row lock, held to the commit, makes CRLs of every engine take
        // numbers in the order they read the events, so a higher number never reflects less.
        long number = counters.next(tx, "crl-" + ski);
        long watermark = 0;
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM revocation_event WHERE issuer_ski = ?")) {
            ps.setString(1, ski);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                watermark = rs.getLong(1);
            }
        }
        CrlEntries.Builder entries = CrlEntries.builder();
        CrlScope scope;
        Long baseNumber = null;
        Optional<LastFull> last = lastPublishedFull(tx, ski);
        if (!delta) {
            // The cutoff is the earlier of one period ago and the last published full CRL's
            // thisUpdate. An entry that expired before that CRL was listed on it, after its expiry:
            // it may go. One that expired since may not, even more than a period ago (the CRLs
            // came further apart than their validity): this CRL is the first after its expiry.
            // Before the CA's first full CRL went out none listed an expired entry: no cutoff.
            Instant cutoff = last.map(l -> earlier(now.minus(validity), l.thisUpdate())).orElse(Instant.EPOCH);
            addListed(tx, ski, cutoff, entries);
            scope = issuer.deltaUrl().map(CrlScope::fullWithFreshest).orElseGet(CrlScope::full);
        } else {
            LastFull base = last.orElseThrow(() -> new IllegalStateException("no full CRL of " + issuer.name()
                    + " was published yet: a delta CRL needs one as its base"));
            baseNumber = base.number();
            addChangedSince(tx, ski, base.watermark(), entries);
            scope = CrlScope.delta(BigInteger.valueOf(baseNumber));
        }
        Instant next = now.plus(validity);
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO crl_issued (issuer_ski, crl_number, base_number, watermark, this_update, next_update, published) "
                        + "VALUES (?, ?, ?, ?, ?, ?, FALSE)")) {
            ps.setString(1, ski);
            ps.setLong(2, number);
            if (baseNumber == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, baseNumber);
            }
            ps.setLong(4, watermark);
            ps.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setObject(6, OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        CrlHeader header = new CrlHeader(issuer.issuer(), issuer.keyId(), now, next, BigInteger.valueOf(number), scope);
        return new Prepared(header, entries.build(), number, watermark);
    }

    /** The last full CRL of a CA that went out: a delta's base, and where a full CRL's cutoff may stop. */
    private record LastFull(long number, long watermark, Instant thisUpdate) {
    }

    /** The CA's full CRL of the highest number marked published, if any (one primary-key lookup). */
    private static Optional<LastFull> lastPublishedFull(Transaction tx, String ski) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT crl_number, watermark, this_update FROM crl_issued WHERE issuer_ski = ? AND base_number IS NULL "
                        + "AND published = TRUE ORDER BY crl_number DESC")) {
            ps.setString(1, ski);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new LastFull(rs.getLong(1), rs.getLong(2), instant(rs, 3))) : Optional.empty();
            }
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Every held or revoked certificate of the CA not expired before {@code keepAfter}. */
    private static void addListed(Transaction tx, String ski, Instant keepAfter, CrlEntries.Builder entries) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT serial, revocation_time, revocation_reason, invalidity_date FROM certificate "
                        + "WHERE issuer_ski = ? AND revocation_reason IS NOT NULL AND not_after >= ?")) {
            ps.setString(1, ski);
            ps.setObject(2, OffsetDateTime.ofInstant(keepAfter, ZoneOffset.UTC));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new BigInteger(rs.getString(1), 16), instant(rs, 2),
                            RevocationReason.fromCode(rs.getInt(3)), instantOrNull(rs, 4));
                }
            }
        }
    }

    /**
     * Every certificate with a revocation event after {@code baseWatermark}: listed with its
     * current reason when still held or revoked, as removeFromCRL when it was unblocked.
     */
    private static void addChangedSince(Transaction tx, String ski, long baseWatermark, CrlEntries.Builder entries)
            throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT c.serial, c.revocation_time, c.revocation_reason, c.invalidity_date, "
                        + "(SELECT MAX(e2.at) FROM revocation_event e2 WHERE e2.issuer_ski = c.issuer_ski AND e2.serial = c.serial) "
                        + "FROM certificate c WHERE c.issuer_ski = ? AND c.serial IN "
                        + "(SELECT e.serial FROM revocation_event e WHERE e.issuer_ski = ? AND e.seq > ?)")) {
            ps.setString(1, ski);
            ps.setString(2, ski);
            ps.setLong(3, baseWatermark);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigInteger serial = new BigInteger(rs.getString(1), 16);
                    int reason = rs.getInt(3);
                    if (rs.wasNull()) {
                        entries.add(serial, instant(rs, 5), RevocationReason.REMOVE_FROM_CRL, null);
                    } else {
                        entries.add(serial, instant(rs, 2), RevocationReason.fromCode(reason), instantOrNull(rs, 4));
                    }
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * Makes the PEM files of {@code issuer} hold the same CRLs as its DER files again after a crash
     * between their renames (see {@link CrlPublisher#realignPem()}), and deletes the temporary files
     * of publications killed half-way more than an hour ago; returns how many PEM files were rewritten.
     */
    public int realignPem(CrlIssuer issuer) {
        try {
            CrlPublisher publisher = new CrlPublisher(directory, issuer.name(), writer);
            // leftovers of a publication killed half-way; an hour old at least, so that another
            // engine's publication in progress in the same folder is never touched
            publisher.removeStaleTemporaries(clock.instant().minus(STALE_TEMPORARY));
            return publisher.realignPem();
        } catch (IOException e) {
            throw new UncheckedIOException("realigning the PEM CRLs of " + issuer.name() + " failed", e);
        }
    }

    /** The number of the last CRL issued for the CA, if any (for operators and tests). */
    public Optional<Long> lastNumber(CrlIssuer issuer) {
        return db.inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "SELECT MAX(crl_number) FROM crl_issued WHERE issuer_ski = ?")) {
                ps.setString(1, issuer.keyIdHex());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(v);
                }
            }
        });
    }
}
