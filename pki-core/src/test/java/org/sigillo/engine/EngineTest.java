package org.sigillo.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.profile.InvalidLabelException;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.status.CertStatus;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.OpenSsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine end to end, on H2 and on a real PostgreSQL, with the CA keys in SoftHSM2 and
 * OpenSSL as the outside client: register, batch, block, unblock, cancel, CRLs, export.
 */
class EngineTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private TestPki pki;
    private Database db;
    private Sigillo engine;
    private Supplier<Database> supplier;

    private Sigillo start(Dialect dialect, Path dir) {
        pki = TestPki.create(KeySpec.EC_P256, clock);
        supplier = TestDatabases.fresh(dialect, dir);
        db = supplier.get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("sigillo-kek"),
                EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator"));
        engine.enti().add(Ente.of(ROMA, "Comune di Roma"));
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
        if (pki != null) {
            pki.close();
        }
    }

    private static String cn(X509Certificate c) {
        X500Name n = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        return IETFUtils.valueToString(n.getRDNs(BCStyle.CN)[0].getFirst().getValue());
    }

    private String epoch() {
        return String.valueOf(clock.instant().getEpochSecond() + 60);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void issuesBlocksUnblocksCancelsAndPublishesTheTruthInCrls(Dialect dialect, @TempDir Path dir) throws Exception {
        Sigillo e = start(dialect, dir);
        EntityCode pc1 = e.workstations().register(ROMA, Optional.of(new WorkstationLabel("Anagrafe sportello 1")));
        EntityCode pc2 = e.workstations().register(ROMA, Optional.empty());
        EntityCode co = e.servers().request(ROMA);
        assertEquals("058091-PC-0001", pc1.toString());
        assertEquals("058091-PC-0002", pc2.toString());
        assertEquals("058091-CO-9999", co.toString());
        assertEquals(CertificateState.RICHIESTA_IN_LAVORAZIONE, e.certificates().require(pc1.toString()).state());

        List<String> progress = new ArrayList<>();
        BatchReport report = e.batch().run((done, total) -> progress.add(done + "/" + total));
        assertEquals(List.of(), report.failed());
        assertEquals(3, report.issued().size());
        assertEquals("3/3", progress.get(progress.size() - 1), "the batch reports its progress up to the end: " + progress);

        CertificateRecord r1 = e.certificates().require(pc1.toString());
        assertEquals(CertificateState.ATTIVO, r1.state());
        X509Certificate c1 = r1.certificate();
        c1.verify(pki.hierarchy().workstationCa().certificate().getPublicKey());
        assertEquals("058091-PC-0001", cn(c1));
        assertEquals(Instant.parse("2032-11-22T10:00:00Z"), c1.getNotAfter().toInstant(), "6 years from issue");
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), c1.getExtendedKeyUsage());
        CertificateRecord server = e.certificates().require(co.toString());
        assertTrue(server.certificate().getKeyUsage()[4], "server EC key: keyAgreement for notification encryption");
        assertEquals(co.toString(), e.servers().notificationCertificate(ROMA).orElseThrow().code());
        assertInstanceOf(CertStatus.Good.class, e.status().status(pki.hierarchy().workstationCa().keyId(), c1.getSerialNumber()));

        pki.writePems(dir);
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(dir.resolve("root.pem")) + Files.readString(dir.resolve("workstation-ca.pem")));
        Path leaf1 = OpenSsl.writePem(dir.resolve("pc1.pem"), c1);
        Path leaf2 = OpenSsl.writePem(dir.resolve("pc2.pem"), e.certificates().require(pc2.toString()).certificate());
        OpenSsl.Result text = OpenSsl.run("x509", "-noout", "-text", "-in", leaf1.toString());
        assertTrue(text.output().contains("TLS Web Client Authentication") && text.output().contains("O = Comune di Roma"), text.output());

        // Block: certificateHold in the live view and in the next CRL.
        e.certificates().block(pc1.toString());
        CertStatus held = e.status().status(pki.hierarchy().workstationCa().keyId(), c1.getSerialNumber());
        assertTrue(held instanceof CertStatus.Revoked r && r.isHold(), "blocked answers revoked/certificateHold: " + held);
        PublishedCrl full = e.crls().reissue(Crls.Series.WORKSTATION, false);
        assertTrue(OpenSsl.run("crl", "-in", full.pem().toString(), "-CAfile", chain.toString(), "-noout").ok());
        OpenSsl.Result v = OpenSsl.run("crl", "-in", full.der().toString(), "-inform", "DER", "-CAfile", chain.toString(), "-verify", "-noout");
        assertTrue(v.output().contains("verify OK"), v.output());
        Path crlChain = dir.resolve("chain-crl.pem");
        Files.writeString(crlChain, Files.readString(chain) + Files.readString(full.pem()));
        OpenSsl.Result rootCrl = OpenSsl.run("verify", "-attime", epoch(), "-crl_check", "-CAfile", crlChain.toString(), leaf1.toString());
        assertFalse(rootCrl.ok(), "a blocked certificate is refused: " + rootCrl.output());
        assertTrue(rootCrl.output().contains("certificate revoked"), rootCrl.output());
        OpenSsl.Result good = OpenSsl.run("verify", "-attime", epoch(), "-crl_check", "-CAfile", crlChain.toString(), leaf2.toString());
        assertTrue(good.ok(), good.output());
        // The whole chain checked (-crl_check_all): the root's CRL, where the issuing CA certificates point, is published too.
        PublishedCrl rootCrlFile = e.crls().reissue(Crls.Series.ROOT, false);
        assertEquals("root.crl", rootCrlFile.der().getFileName().toString());
        assertTrue(pki.hierarchy().workstationCa().certificate().getExtensionValue("2.5.29.31") != null);
        assertTrue(OpenSsl.run("x509", "-in", dir.resolve("workstation-ca.pem").toString(), "-noout", "-text").output()
                .contains("/crl/root.crl"), "the issuing CA names the root's CRL");
        OpenSsl.Result rv = OpenSsl.run("crl", "-in", rootCrlFile.pem().toString(), "-CAfile", dir.resolve("root.pem").toString(),
                "-verify", "-noout");
        assertTrue(rv.output().contains("verify OK"), "signed by the root: " + rv.output());
        long auditedBeforeDelta = ((AuditVerification.Intact) e.verifyAudit()).count();
        long rootNumber = e.crls().lastNumber(Crls.Series.ROOT).orElseThrow();
        byte[] rootCrlBytes = Files.readAllBytes(rootCrlFile.der());
        assertThrows(IllegalArgumentException.class, () -> e.crls().reissue(Crls.Series.ROOT, true), "the root's CRL has no deltas");
        assertEquals(rootNumber, e.crls().lastNumber(Crls.Series.ROOT).orElseThrow(), "the refused delta spent no CRL number");
        assertArrayEquals(rootCrlBytes, Files.readAllBytes(rootCrlFile.der()), "the published root CRL is left alone");
        assertEquals(auditedBeforeDelta, ((AuditVerification.Intact) e.verifyAudit()).count(), "the refused delta is not audited");
        Path allCrls = dir.resolve("chain-all-crls.pem");
        Files.writeString(allCrls, Files.readString(crlChain) + Files.readString(rootCrlFile.pem()));
        OpenSsl.Result all = OpenSsl.run("verify", "-attime", epoch(), "-crl_check_all", "-CAfile", allCrls.toString(), leaf2.toString());
        assertTrue(all.ok(), "every CRL of the chain found and checked: " + all.output());
        OpenSsl.Result allBlocked = OpenSsl.run("verify", "-attime", epoch(), "-crl_check_all", "-CAfile", allCrls.toString(), leaf1.toString());
        assertTrue(allBlocked.output().contains("certificate revoked"), allBlocked.output());

        // Unblock: removeFromCRL in the delta, gone from the next full CRL, accepted again.
        clock.advance(Duration.ofMinutes(1));
        e.certificates().unblock(pc1.toString());
        assertInstanceOf(CertStatus.Good.class, e.status().status(pki.hierarchy().workstationCa().keyId(), c1.getSerialNumber()));
        PublishedCrl delta = e.crls().reissue(Crls.Series.WORKSTATION, true);
        OpenSsl.Result dv = OpenSsl.run("crl", "-in", delta.pem().toString(), "-CAfile", chain.toString(), "-verify", "-text", "-noout");
        assertTrue(dv.output().contains("verify OK") && dv.output().contains("Delta CRL Indicator")
                && dv.output().contains("Remove From CRL"), dv.output());
        clock.advance(Duration.ofMinutes(1));
        PublishedCrl full2 = e.crls().reissue(Crls.Series.WORKSTATION, false);
        Files.writeString(crlChain, Files.readString(chain) + Files.readString(full2.pem()));
        OpenSsl.Result again = OpenSsl.run("verify", "-attime", epoch(), "-crl_check", "-CAfile", crlChain.toString(), leaf1.toString());
        assertTrue(again.ok(), "accepted again after unblock and reissue: " + again.output());
        assertTrue(e.crls().lastNumber(Crls.Series.WORKSTATION).orElseThrow() == 3L, "full, delta, full: numbers 1, 2, 3");

        // Cancel: permanent; REVOCATO once a CRL lists it.
        Instant compromised = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        e.certificates().cancel(pc2.toString(), RevocationReason.KEY_COMPROMISE, Optional.of(compromised));
        assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, e.certificates().require(pc2.toString()).state());
        CertStatus cancelled = e.status().status(pki.hierarchy().workstationCa().keyId(),
                e.certificates().require(pc2.toString()).serial().orElseThrow());
        assertEquals(Optional.of(compromised), ((CertStatus.Revoked) cancelled).invalidityDate(),
                "the live status (what OCSP answers from) carries the invalidity date, as the CRL does");
        long auditedBefore = ((AuditVerification.Intact) e.verifyAudit()).count();
        PublishedCrl full3 = e.crls().reissue(Crls.Series.WORKSTATION, false);
        assertEquals(CertificateState.REVOCATO, e.certificates().require(pc2.toString()).state());
        assertEquals(auditedBefore + 2, ((AuditVerification.Intact) e.verifyAudit()).count(),
                "the move to REVOCATO is audited (CERT_REVOKED), with the CRL's own entry, in one transaction");
        String lastEntries = db.inTransaction(tx -> {
            StringBuilder sb = new StringBuilder();
            try (var st = tx.connection().createStatement();
                 var rs = st.executeQuery("SELECT action, subject, details FROM audit_log ORDER BY seq DESC LIMIT 2")) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
                }
            }
            return sb.toString();
        });
        assertTrue(lastEntries.contains("CERT_REVOKED " + pc2 + " ") && lastEntries.contains("REVOCA_IN_LAVORAZIONE->REVOCATO")
                && lastEntries.contains("CRL_PUBLISHED workstation full"), lastEntries);
        Files.writeString(crlChain, Files.readString(chain) + Files.readString(full3.pem()));
        OpenSsl.Result revoked = OpenSsl.run("verify", "-attime", epoch(), "-crl_check", "-CAfile", crlChain.toString(), leaf2.toString());
        assertFalse(revoked.ok());
        OpenSsl.Result crlText = OpenSsl.run("crl", "-in", full3.pem().toString(), "-text", "-noout");
        assertTrue(crlText.output().contains("Key Compromise") && crlText.output().contains("Invalidity Date"), crlText.output());

        // A cancelled code is never reused.
        assertEquals("058091-PC-0003", e.workstations().register(ROMA, Optional.empty()).toString());
        assertTrue(e.verifyAudit() instanceof AuditVerification.Intact);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusedOperationsChangeNothing(Dialect dialect, @TempDir Path dir) {
        Sigillo e = start(dialect, dir);
        EntityCode pc = e.workstations().register(ROMA, Optional.empty());
        e.batch().run();
        long auditBefore = ((AuditVerification.Intact) e.verifyAudit()).count();

        IllegalTransitionException illegal = assertThrows(IllegalTransitionException.class,
                () -> e.certificates().unblock(pc.toString()));
        assertEquals(CertificateState.ATTIVO, illegal.from());
        assertEquals(Optional.of(pc.toString()), illegal.subject());
        assertTrue(illegal.getMessage().contains(pc.toString()), "names the certificate: " + illegal.getMessage());
        RefusedException unknown = assertThrows(RefusedException.class,
                () -> e.workstations().register(IstatCode.parse("001001"), Optional.empty()));
        assertEquals(Refusal.UNKNOWN_ENTE, unknown.refusal());
        IstatCode nowhere = IstatCode.parse("001001");
        for (Runnable r : List.<Runnable>of(() -> e.servers().renew(nowhere), () -> e.servers().request(nowhere),
                () -> e.cards().handOver(Actor.operator(), nowhere), () -> e.users().list(Actor.operator(), nowhere),
                () -> e.workstations().exportAllWithPrivateKeys(nowhere, Pkcs12Encryption.MODERN))) {
            RefusedException x = assertThrows(RefusedException.class, r::run);
            assertEquals(Refusal.UNKNOWN_ENTE, x.refusal(), x.getMessage());
            assertTrue(x.getMessage().contains("001001"), x.getMessage());
        }
        assertThrows(InvalidLabelException.class, () -> new WorkstationLabel("PC <script>"));
        RefusedException noSuch = assertThrows(RefusedException.class, () -> e.certificates().block("058091-PC-0099"));
        assertEquals(Refusal.UNKNOWN_CERTIFICATE, noSuch.refusal());
        for (String malformed : List.of("058091-XX-0001", "58091-PC-0001", "058091-PC-1", "05809100000", "", "058091-PC-0001; DROP")) {
            InvalidCodeException bad = assertThrows(InvalidCodeException.class,
                    () -> e.certificates().block(malformed), malformed);
            assertEquals(malformed, bad.input());
            assertThrows(InvalidCodeException.class,
                    () -> e.workstations().exportWithPrivateKey(malformed, Pkcs12Encryption.MODERN), malformed);
        }
        assertThrows(IllegalArgumentException.class,
                () -> e.certificates().cancel(pc.toString(), RevocationReason.CERTIFICATE_HOLD, Optional.empty()));
        for (Instant bad : List.of(Instant.parse("+10000-01-01T00:00:00Z"), clock.instant().plusSeconds(60),
                Instant.parse("1949-12-31T23:59:59Z"))) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.certificates().cancel(pc.toString(), RevocationReason.KEY_COMPROMISE, Optional.of(bad)));
            assertTrue(x.getMessage().contains("invalidity date " + bad), x.getMessage());
        }
        RefusedException notServer = assertThrows(RefusedException.class, () -> e.servers().useForNotifications(pc.toString()));
        assertEquals(Refusal.WRONG_KIND, notServer.refusal());

        assertEquals(CertificateState.ATTIVO, e.certificates().require(pc.toString()).state());
        assertEquals(auditBefore, ((AuditVerification.Intact) e.verifyAudit()).count(), "nothing was audited: nothing happened");
        assertEquals(List.of(pc.toString()),
                e.certificates().list(ROMA, Optional.of(CertificateKind.WORKSTATION), Optional.empty()).stream()
                        .map(CertificateRecord::code).toList());
        // The refused register did not consume a progressive.
        assertEquals("058091-PC-0002", e.workstations().register(ROMA, Optional.empty()).toString());

        e.certificates().cancel(pc.toString(), RevocationReason.CESSATION_OF_OPERATION, Optional.empty());
        long afterCancel = ((AuditVerification.Intact) e.verifyAudit()).count();
        CertStatus cancelledStatus = e.status().status(pki.hierarchy().workstationCa().keyId(),
                e.certificates().require(pc.toString()).serial().orElseThrow());
        assertThrows(IllegalTransitionException.class,
                () -> e.certificates().cancel(pc.toString(), RevocationReason.UNSPECIFIED, Optional.empty()));
        RefusedException cancelledExport = assertThrows(RefusedException.class,
                () -> e.workstations().exportWithPrivateKey(pc.toString(), Pkcs12Encryption.MODERN));
        assertEquals(Refusal.NOT_ACTIVE, cancelledExport.refusal());
        assertEquals(afterCancel, ((AuditVerification.Intact) e.verifyAudit()).count(), "the second cancel and the export wrote nothing");
        assertEquals(CertificateState.REVOCA_IN_LAVORAZIONE, e.certificates().require(pc.toString()).state());
        assertEquals(cancelledStatus, e.status().status(pki.hierarchy().workstationCa().keyId(),
                e.certificates().require(pc.toString()).serial().orElseThrow()), "the reason stays CESSATION_OF_OPERATION");
    }

    /**
     * The ALP's register binds only an issued certificate still in force to a PC, keeps each
     * change in its history, and refuses a queued request, a cancelled certificate and a bad MAC
     * address, writing nothing for them.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theRegisterBindsOnlyIssuedCertificatesToAPcAndKeepsTheirHistory(Dialect dialect, @TempDir Path dir) {
        Sigillo e = start(dialect, dir);
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        String revoked = e.workstations().register(ROMA, Optional.empty()).toString();
        e.batch().run();
        e.certificates().cancel(revoked, RevocationReason.CESSATION_OF_OPERATION, Optional.empty());
        String queued = e.workstations().register(ROMA, Optional.empty()).toString();

        e.workstations().registerPc(pc, "00-1a-2b-3c-4d-5e", "ANAGRAFE01");
        clock.advance(Duration.ofDays(3));
        e.workstations().registerPc(pc, "00:1A:2B:3C:4D:5F", "ANAGRAFE02");
        long audited = ((AuditVerification.Intact) e.verifyAudit()).count();

        RefusedException notIssued = assertThrows(RefusedException.class, () -> e.workstations().registerPc(queued, "00:1A:2B:3C:4D:60", "X1"));
        assertEquals(Refusal.NOT_ISSUED, notIssued.refusal(), notIssued.getMessage());
        assertTrue(notIssued.getMessage().contains(queued), notIssued.getMessage());
        assertEquals(Refusal.NOT_ACTIVE, assertThrows(RefusedException.class,
                () -> e.workstations().registerPc(revoked, "00:1A:2B:3C:4D:62", "X3")).refusal());
        assertThrows(IllegalArgumentException.class, () -> e.workstations().registerPc(pc, "00:1A:2B:3C:4D", "X4"));
        assertEquals(audited, ((AuditVerification.Intact) e.verifyAudit()).count(), "refusals write nothing");

        List<Workstations.PcRegistration> history = e.workstations().pcHistory(pc);
        assertEquals(List.of("00:1A:2B:3C:4D:5E/ANAGRAFE01", "00:1A:2B:3C:4D:5F/ANAGRAFE02"),
                history.stream().map(h -> h.mac() + "/" + h.hostname()).toList());
        assertEquals(Duration.ofDays(3), Duration.between(history.get(0).at(), history.get(1).at()));
        assertEquals(List.of(), e.workstations().pcHistory(queued));
    }

    /**
     * An export is handed to its stage (where the caller writes it) before it is audited: a stage
     * that fails (a full disk) leaves no CERT_EXPORTED entry and comes back unchanged; one that
     * succeeds is audited once, and the staged bytes are the export's.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anExportIsAuditedOnlyAfterItsStageTookIt(Dialect dialect, @TempDir Path dir) {
        Sigillo e = start(dialect, dir);
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        e.workstations().register(ROMA, Optional.empty());
        e.batch().run();
        long audited = ((AuditVerification.Intact) e.verifyAudit()).count();
        UncheckedIOException full = new UncheckedIOException(new IOException("No space left on device"));
        assertSame(full, assertThrows(UncheckedIOException.class,
                () -> e.workstations().exportWithPrivateKey(pc, Pkcs12Encryption.MODERN, x -> {
                    throw full;
                })));
        assertSame(full, assertThrows(UncheckedIOException.class,
                () -> e.workstations().exportAllWithPrivateKeys(ROMA, Pkcs12Encryption.MODERN, zip -> {
                    throw full;
                })));
        assertEquals(audited, ((AuditVerification.Intact) e.verifyAudit()).count(), "an export not written is not audited");

        List<byte[]> staged = new ArrayList<>();
        Export x = e.workstations().exportWithPrivateKey(pc, Pkcs12Encryption.MODERN, made -> staged.add(made.pkcs12().clone()));
        assertArrayEquals(x.pkcs12(), staged.get(0));
        x.destroy();
        byte[] zip = e.workstations().exportAllWithPrivateKeys(ROMA, Pkcs12Encryption.MODERN, made -> staged.add(made.clone()));
        assertArrayEquals(zip, staged.get(1));
        assertEquals(audited + 3, ((AuditVerification.Intact) e.verifyAudit()).count(), "one export, then two in the ZIP");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void exportsPkcs12ThatOpenSslOpensWithTheInstallationPassword(Dialect dialect, @TempDir Path dir) throws Exception {
        Sigillo e = start(dialect, dir);
        EntityCode pc = e.workstations().register(ROMA, Optional.empty());
        EntityCode co = e.servers().request(ROMA);
        e.batch().run();
        for (Pkcs12Encryption enc : Pkcs12Encryption.values()) {
            Export x = e.workstations().exportWithPrivateKey(pc.toString(), enc);
            String pw = new String(x.password().reveal());
            assertEquals(8, pw.length());
            Path p12 = dir.resolve(enc + ".p12");
            Files.write(p12, x.pkcs12());
            OpenSsl.Result info = enc == Pkcs12Encryption.MODERN
                    ? OpenSsl.run("pkcs12", "-info", "-in", p12.toString(), "-passin", "pass:" + pw, "-noout")
                    : OpenSsl.run("pkcs12", "-legacy", "-info", "-in", p12.toString(), "-passin", "pass:" + pw, "-noout");
            assertTrue(info.ok(), info.output());
            if (enc == Pkcs12Encryption.MODERN) {
                assertTrue(info.output().contains("AES-256-CBC") && info.output().contains("sha256"), info.output());
            } else {
                assertTrue(info.output().contains("3-KeyTripleDES") && info.output().contains("sha1"), info.output());
            }
            assertFalse(OpenSsl.run("pkcs12", "-info", "-in", p12.toString(), "-passin", "pass:WRONGPW1", "-noout", "-legacy").ok());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(x.pkcs12()), pw.toCharArray());
            PrivateKey key = (PrivateKey) ks.getKey(pc.toString().toLowerCase(), pw.toCharArray());
            if (key == null) {
                key = (PrivateKey) ks.getKey(ks.aliases().nextElement(), pw.toCharArray());
            }
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(new byte[] {1});
            byte[] sig = s.sign();
            s.initVerify(e.certificates().require(pc.toString()).certificate());
            s.update(new byte[] {1});
            assertTrue(s.verify(sig), "the exported key is the certificate's key");
        }
        long audited = ((AuditVerification.Intact) e.verifyAudit()).count();
        assertEquals(Refusal.UNKNOWN_ENTE, assertThrows(RefusedException.class,
                () -> e.workstations().exportAllWithPrivateKeys(IstatCode.parse("099999"), Pkcs12Encryption.MODERN)).refusal());
        assertEquals(audited, ((AuditVerification.Intact) e.verifyAudit()).count());
        byte[] zip = e.workstations().exportAllWithPrivateKeys(ROMA, Pkcs12Encryption.MODERN);
        assertEquals(audited + 2, ((AuditVerification.Intact) e.verifyAudit()).count(), "one export entry per certificate");
        List<String> names = new ArrayList<>();
        String passwords = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                names.add(z.getName());
                assertTrue(Math.abs(z.getTime() - clock.millis()) <= 2_000, "dated by the engine's clock: " + z.getLastModifiedTime());
                if (z.getName().equals("passwords.txt")) {
                    passwords = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(List.of(co + ".p12", pc + ".p12", "passwords.txt"), names);
        assertTrue(passwords.contains(pc + ";") && passwords.contains(co + ";"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void serversRenewAheadOfExpiryAndNotificationsSwitch(Dialect dialect, @TempDir Path dir) {
        Sigillo e = start(dialect, dir);
        EntityCode first = e.servers().request(ROMA);
        e.workstations().register(ROMA, Optional.empty());
        e.batch().run();
        assertEquals(List.of(), e.expiring(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(365L * 6 - 30));
        assertEquals(2, e.expiring(Duration.ofDays(60)).size(), "workstation and server expire within 60 days");
        BatchReport report = e.batch().run();
        assertEquals(List.of("058091-CO-9998"), report.renewed());
        assertEquals(List.of("058091-CO-9998"), report.issued());
        assertEquals(first.toString(), e.servers().notificationCertificate(ROMA).orElseThrow().code());
        e.servers().useForNotifications("058091-CO-9998");
        assertEquals("058091-CO-9998", e.servers().notificationCertificate(ROMA).orElseThrow().code());
        assertEquals(List.of(), e.batch().run().renewed(), "a renewed server is not renewed twice");
        clock.advance(Duration.ofDays(40));
        assertEquals(List.of("058091-CO-9998"), e.expiring(Duration.ofDays(365L * 6)).stream().map(CertificateRecord::code).toList(),
                "the two past their notAfter are not 'expiring', even before anything moved them to SCADUTO");
        // the batch expires them (nothing else did: expired certificates stayed ATTIVO, and exportable)
        e.batch().run();
        assertEquals(CertificateState.SCADUTO, e.certificates().require(first.toString()).state());
        assertEquals(CertificateState.SCADUTO, e.certificates().require("058091-PC-0001").state());
        assertEquals(0, e.certificates().expireDue(), "nothing left to expire");
    }

    /** A renewal already queued, or a newer server certificate (even blocked), keeps a server out of the renewals; another ente's is due. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aServerWithANewerCertificateOrAQueuedRenewalIsNotRenewedAgain(Dialect dialect, @TempDir Path dir) {
        Sigillo e = start(dialect, dir);
        IstatCode milano = IstatCode.parse("015146");
        e.enti().add(Ente.of(milano, "Comune di Milano"));
        e.servers().request(ROMA);
        e.servers().request(milano);
        e.batch().run();
        clock.advance(Duration.ofDays(365));
        e.servers().request(milano); // Milano's replacement, a year later: outside the window when the first is due
        e.batch().run();
        e.certificates().block("015146-CO-9998");
        clock.advance(Duration.ofDays(365L * 5 - 30));
        assertEquals(List.of("058091-CO-9998"), e.servers().renewDue().stream().map(Object::toString).toList(),
                "Milano has a newer server certificate (blocked for now, still its own); Roma is due");
        assertEquals(List.of(), e.servers().renewDue(), "Roma's renewal is queued: not queued twice");
        assertEquals(List.of("058091-CO-9998"), e.batch().run().issued());
    }

    /** One batch over the requests of two enti: each certificate names its own ente (the batch looks up only those). */
    @org.junit.jupiter.api.Test
    void oneBatchIssuesForSeveralEntiEachUnderItsOwnName(@TempDir Path dir) throws Exception {
        Sigillo e = start(Dialect.H2, dir);
        IstatCode milano = IstatCode.parse("015146");
        e.enti().add(Ente.of(milano, "Comune di Milano"));
        e.enti().add(Ente.of(IstatCode.parse("001272"), "Comune di Torino")); // no request: not read by the batch
        IstatCode reggio = IstatCode.parse("035000");
        String reggioName = "Prefettura - Ufficio Territoriale del Governo di Reggio nell'Emilia"; // 67 characters
        e.enti().add(Ente.of(reggio, reggioName));
        EntityCode roma = e.workstations().register(ROMA, Optional.empty());
        EntityCode mi = e.workstations().register(milano, Optional.empty());
        EntityCode re = e.workstations().register(reggio, Optional.empty());
        BatchReport report = e.batch().run();
        assertEquals(List.of(roma.toString(), mi.toString(), re.toString()), report.issued());
        assertEquals(reggioName, e.enti().find(reggio).orElseThrow().name(), "the store keeps the whole name");
        for (var pair : List.of(Map.entry(roma, "Comune di Roma"), Map.entry(mi, "Comune di Milano"),
                Map.entry(re, reggioName.substring(0, 64)))) { // RFC 5280 ub-organization-name
            X509Certificate c = e.certificates().require(pair.getKey().toString()).certificate();
            c.verify(pki.hierarchy().workstationCa().certificate().getPublicKey());
            X500Name n = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
            assertEquals(pair.getValue(), IETFUtils.valueToString(n.getRDNs(BCStyle.O)[0].getFirst().getValue()));
            assertEquals(pair.getKey().toString(), cn(c));
        }
    }

    /** H2's file survives close and reopen (PostgreSQL durability is covered by the store's own tests). */
    @org.junit.jupiter.api.Test
    void aReopenedEngineKeepsRecordsAndCrlNumbersIncrease(@TempDir Path dir) {
        Sigillo e = start(Dialect.H2, dir);
        EntityCode pc = e.workstations().register(ROMA, Optional.empty());
        e.batch().run();
        e.certificates().block(pc.toString());
        e.crls().reissue(Crls.Series.WORKSTATION, false);
        e.close();
        db.close();
        db = supplier.get();
        // rows written before migration V4 carry change_seq 0 (its column default): the live view
        // must load them too (it started after 0 and answered 'unknown' for every one of them)
        db.inTransaction(tx -> {
            try (var st = tx.connection().createStatement()) {
                return st.executeUpdate("UPDATE certificate SET change_seq = 0");
            }
        });
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("sigillo-kek"),
                EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator"));
        assertEquals(CertificateState.BLOCCATO, engine.certificates().require(pc.toString()).state());
        CertStatus s = engine.status().status(pki.hierarchy().workstationCa().keyId(),
                engine.certificates().require(pc.toString()).serial().orElseThrow());
        assertTrue(s instanceof CertStatus.Revoked, "the live view is loaded from the store at start");
        engine.crls().reissue(Crls.Series.WORKSTATION, false);
        assertEquals(2L, engine.crls().lastNumber(Crls.Series.WORKSTATION).orElseThrow());
        assertEquals("058091-PC-0002", engine.workstations().register(ROMA, Optional.empty()).toString());
        assertTrue(engine.verifyAudit() instanceof AuditVerification.Intact);
    }
}
