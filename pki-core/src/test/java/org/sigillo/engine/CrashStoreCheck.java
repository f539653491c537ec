package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.store.AuditEntry;
import org.sigillo.store.AuditLog;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Transaction;

/**
 * After each kill, with the child dead: opens the store in this JVM and checks it, and the CRL
 * files on disk, against the {@link CrashLedger} of what left the engine. Remembers what the
 * previous round saw, so that nothing goes backwards from one restart to the next.
 */
final class CrashStoreCheck {
    private final Path dbDir;
    private final Path crlDir;
    private final X509Certificate ca;
    private final String ski;
    /** stem -> CRL number on disk after the previous round. */
    private final Map<String, Long> onDisk = new HashMap<>();
    private long lastRecordedNumber;

    /** What the store holds, for the final counts. */
    record Snapshot(int codes, int certificates, int revoked, long auditEntries, int crlsRecorded, int crlsUnpublished,
                    long maxCrlNumber, int staleTempFiles, String derPemOutOfStep) {
    }

    private record Row(String code, String serial, CertificateState state, byte[] der, Integer reason) {
    }

    private record CrlRow(long number, Long base, long watermark, boolean published) {
    }

    CrashStoreCheck(Path dbDir, Path crlDir, X509Certificate ca, String ski) {
        this.dbDir = dbDir;
        this.crlDir = crlDir;
        this.ca = ca;
        this.ski = ski;
    }

    Snapshot check(int round, CrashLedger ledger) throws Exception {
        String at = "after kill " + round + ": ";
        try (Database db = Database.openH2(dbDir)) {
            List<Row> rows = db.inTransaction(CrashStoreCheck::certificates);
            Map<String, CrlRow> crls = new HashMap<>();
            for (CrlRow c : db.inTransaction(tx -> crlRows(tx, ski))) {
                crls.put(String.valueOf(c.number()), c);
            }
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            AuditVerification audit = log.verify();
            assertTrue(audit.intact(), at + "audit chain broken: " + audit);
            List<AuditEntry> entries = db.inTransaction(tx -> log.read(tx, 1, Integer.MAX_VALUE));

            // No code and no serial twice; every certificate that left the engine is stored, whole.
            Map<String, Row> byCode = new HashMap<>();
            Map<String, Row> bySerial = new HashMap<>();
            for (Row r : rows) {
                assertNull(byCode.put(r.code(), r), at + "code twice in the store: " + r.code());
                if (r.serial() != null) {
                    assertNull(bySerial.put(r.serial(), r), at + "serial twice in the store: " + r.serial());
                    X509Certificate c = parse(r.der());
                    assertEquals(r.serial(), c.getSerialNumber().toString(16), at + "stored certificate of " + r.code());
                    c.verify(ca.getPublicKey());
                    assertTrue(r.state().isIssued(), at + r.code() + " has a certificate but is " + r.state());
                } else {
                    assertEquals(CertificateState.RICHIESTA_IN_LAVORAZIONE, r.state(), at + r.code());
                }
            }
            for (String code : ledger.requested) {
                assertTrue(byCode.containsKey(code), at + "requested code lost: " + code);
            }
            for (Map.Entry<String, String> e : ledger.issued.entrySet()) {
                Row r = byCode.get(e.getKey());
                assertNotNull(r, at + "issued certificate lost: " + e.getKey());
                assertEquals(e.getValue(), r.serial(), at + "the store holds another serial for " + e.getKey());
            }
            // No lost revocation.
            for (Map.Entry<String, CrashLedger.Revocation> e : ledger.revoked.entrySet()) {
                Row r = byCode.get(e.getKey());
                if (e.getValue() == CrashLedger.Revocation.BLOCK) {
                    assertTrue(r.state() == CertificateState.BLOCCATO || r.state() == CertificateState.REVOCA_IN_LAVORAZIONE
                            || r.state() == CertificateState.REVOCATO, at + "block lost: " + r);
                } else {
                    assertTrue(r.state() == CertificateState.REVOCA_IN_LAVORAZIONE || r.state() == CertificateState.REVOCATO,
                            at + "cancel lost: " + r);
                }
                assertNotNull(r.reason(), at + "revocation reason lost: " + r.code());
            }

            // The audit chain tells the same story: each code requested once, each certificate issued once.
            Map<String, Integer> issuedAudits = new HashMap<>();
            Set<String> requestedAudits = new HashSet<>();
            Set<String> revocationAudits = new HashSet<>();
            for (AuditEntry a : entries) {
                String action = a.event().action().code();
                String subject = a.event().subject();
                switch (action) {
                    case "CERT_REQUESTED" -> assertTrue(requestedAudits.add(subject), at + "requested twice in audit: " + subject);
                    case "CERT_ISSUED" -> {
                        issuedAudits.merge(subject, 1, Integer::sum);
                        Row r = byCode.get(subject);
                        assertNotNull(r, at + "audited issue of an unknown code " + subject);
                        assertTrue(a.event().details().startsWith("serial=" + r.serial() + " "),
                                at + "audited serial differs from stored one: " + a.event().details() + " vs " + r.serial());
                    }
                    case "CERT_BLOCKED", "CERT_CANCELLED" -> revocationAudits.add(subject);
                    default -> { }
                }
            }
            for (Row r : rows) {
                assertEquals(r.serial() == null ? 0 : 1, issuedAudits.getOrDefault(r.code(), 0),
                        at + "CERT_ISSUED audit entries of " + r.code());
                assertTrue(requestedAudits.contains(r.code()), at + "no CERT_REQUESTED audit for " + r.code());
                if (r.reason() != null) {
                    assertTrue(revocationAudits.contains(r.code()), at + "revocation of " + r.code() + " not audited");
                }
            }

            // CRL numbers: recorded, strictly increasing, never going back; what was reported is published.
            long max = crls.values().stream().mapToLong(CrlRow::number).max().orElseThrow();
            assertTrue(max >= lastRecordedNumber, at + "CRL numbers went back from " + lastRecordedNumber + " to " + max);
            assertTrue(max >= ledger.lastCrlNumber, at + "reported CRL " + ledger.lastCrlNumber + " not recorded");
            lastRecordedNumber = max;
            if (ledger.lastCrlNumber > 0) {
                assertTrue(crls.get(String.valueOf(ledger.lastCrlNumber)).published(),
                        at + "reported CRL " + ledger.lastCrlNumber + " not marked published");
            }

            // The published files: each one whole, signed, recorded, never older than before.
            X509CRLHolder full = published("workstation", false, crls, at);
            published("workstation-delta", true, crls, at);
            long fullNumber = number(full);
            assertTrue(fullNumber >= ledger.lastFullCrlNumber, at + "full CRL on disk " + fullNumber
                    + " older than the reported " + ledger.lastFullCrlNumber);
            Set<String> listed = new HashSet<>();
            for (Object o : full.getRevokedCertificates()) {
                listed.add(((X509CRLEntryHolder) o).getSerialNumber().toString(16));
            }
            for (String serial : ledger.mustBeInFullCrl) {
                assertTrue(listed.contains(serial), at + "revocation reported before a full CRL is missing from the full CRL "
                        + fullNumber + " on disk: " + serial);
            }
            long watermark = crls.get(String.valueOf(fullNumber)).watermark();
            for (String serial : revokedUpTo(db, ski, watermark)) {
                assertTrue(listed.contains(serial), at + "full CRL " + fullNumber + " on disk misses " + serial
                        + ", revoked before its watermark " + watermark);
            }
            int revoked = (int) rows.stream().filter(r -> r.reason() != null).count();
            int unpublished = (int) crls.values().stream().filter(c -> !c.published()).count();
            return new Snapshot(rows.size(), bySerial.size(), revoked, ((AuditVerification.Intact) audit).count(), crls.size(),
                    unpublished, max, staleTempFiles(), derPemOutOfStep());
        }
    }

    /** Reads, parses and verifies the DER and PEM files of a stem; returns the DER one (null when none yet). */
    private X509CRLHolder published(String stem, boolean delta, Map<String, CrlRow> crls, String at) throws Exception {
        Path der = crlDir.resolve(stem + ".crl");
        Path pem = crlDir.resolve(stem + ".pem");
        if (!Files.exists(der) && delta && !onDisk.containsKey(stem)) {
            assertTrue(!Files.exists(pem), at + "delta PEM without DER");
            return null;
        }
        X509CRLHolder d = whole(Files.readAllBytes(der), at + der.getFileName());
        X509CRLHolder p;
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(pem)))) {
            Object o = parser.readObject();
            assertTrue(o instanceof X509CRLHolder, at + pem.getFileName() + " is not a PEM CRL: " + o);
            assertNull(parser.readObject(), at + pem.getFileName() + " has more than one object");
            p = whole(((X509CRLHolder) o).getEncoded(), at + pem.getFileName());
        }
        for (X509CRLHolder h : List.of(d, p)) {
            long n = number(h);
            CrlRow row = crls.get(String.valueOf(n));
            assertNotNull(row, at + stem + " on disk has CRL number " + n + ", which the store never recorded");
            assertEquals(delta, h.getExtension(Extension.deltaCRLIndicator) != null, at + stem + " scope");
            assertEquals(delta, row.base() != null, at + stem + " " + n + " recorded as the other scope");
        }
        long n = number(d);
        Long before = onDisk.put(stem, n);
        assertTrue(before == null || n >= before, at + stem + " went back from CRL " + before + " to " + n);
        return d;
    }

    /** Parses a CRL whole: every byte of the encoding belongs to it, and the CA's signature verifies. */
    private X509CRLHolder whole(byte[] bytes, String what) throws Exception {
        X509CRLHolder h;
        try {
            h = new X509CRLHolder(bytes);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(what + " does not parse (" + bytes.length + " bytes): torn file?", e);
        }
        assertArrayEquals(bytes, h.getEncoded(), what + " has trailing or re-encoded bytes");
        assertTrue(h.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca)), what + " signature");
        return h;
    }

    /** "" when the DER and PEM files of every stem hold the same CRL, else which numbers they hold. */
    String derPemOutOfStep() throws Exception {
        return derPemOutOfStep("workstation") + derPemOutOfStep("workstation-delta");
    }

    /** "" when the DER and PEM files of a stem hold the same CRL, else which numbers each holds (each may still be whole). */
    private String derPemOutOfStep(String stem) throws Exception {
        Path der = crlDir.resolve(stem + ".crl");
        if (!Files.exists(der)) {
            return "";
        }
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(crlDir.resolve(stem + ".pem"))))) {
            X509CRLHolder pem = (X509CRLHolder) parser.readObject();
            X509CRLHolder d = new X509CRLHolder(Files.readAllBytes(der));
            return d.equals(pem) ? "" : stem + ".crl is CRL " + number(d) + ", " + stem + ".pem is CRL " + number(pem) + "; ";
        }
    }

    private int staleTempFiles() throws IOException {
        try (Stream<Path> s = Files.list(crlDir)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    static long number(X509CRLHolder h) {
        return ASN1Integer.getInstance(h.getExtension(Extension.cRLNumber).getParsedValue()).getValue().longValueExact();
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        assertNotNull(der, "a certificate with a serial has its DER");
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static List<Row> certificates(Transaction tx) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT code, serial, state, der, revocation_reason FROM certificate ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int reason = rs.getInt(5);
                Integer r = rs.wasNull() ? null : reason;
                out.add(new Row(rs.getString(1), rs.getString(2), CertificateState.valueOf(rs.getString(3)), rs.getBytes(4), r));
            }
        }
        return out;
    }

    private static List<CrlRow> crlRows(Transaction tx, String ski) throws SQLException {
        List<CrlRow> out = new ArrayList<>();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "SELECT crl_number, base_number, watermark, published FROM crl_issued WHERE issuer_ski = ?")) {
            ps.setString(1, ski);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long base = rs.getLong(2);
                    Long b = rs.wasNull() ? null : base; // read right after its column
                    out.add(new CrlRow(rs.getLong(1), b, rs.getLong(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** Serials revoked (and still held or revoked) by revocation events up to {@code watermark}. */
    private static Set<String> revokedUpTo(Database db, String ski, long watermark) {
        return db.inTransaction(tx -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "SELECT DISTINCT e.serial FROM revocation_event e JOIN certificate c ON c.serial = e.serial "
                            + "WHERE e.issuer_ski = ? AND e.seq <= ? AND c.revocation_reason IS NOT NULL")) {
                ps.setString(1, ski);
                ps.setLong(2, watermark);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

}
