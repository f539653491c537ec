package org.sigillo.engine;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.SignatureAlgorithm;
import org.sigillo.hsm.VaultKey;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CsrRejectedException;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.OpenSsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A smart card (a second SoftHSM2 token) makes its key and CSR; the engine certifies that key. */
class CardsTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private TestPki pki;
    private Database db;
    private Sigillo engine;
    private KeyVault card;

    @AfterEach
    void close() {
        engine.close();
        db.close();
        pki.close();
        card.close();
    }

    private static byte[] csrFrom(KeyVault card, String label) throws Exception {
        VaultKey key = card.generate(label, KeySpec.EC_P256);
        return new PKCS10CertificationRequestBuilder(new X500Name("CN=card request"),
                SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()))
                .build(card.signerPool(label, SignatureAlgorithm.SHA256_WITH_ECDSA).contentSigner()).getEncoded();
    }

    @Test
    void certifiesTheKeyMadeOnTheCardAndRefusesRequestsWithoutProofOfPossession(@TempDir Path dir) throws Exception {
        pki = TestPki.create(KeySpec.EC_P256, clock);
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("crl"), "t"));
        engine.enti().add(Ente.of(ROMA, "Roma Capitale"));
        card = SoftHsm.get().freshToken().openVault();
        CodiceFiscale cf = CodiceFiscale.parse("RSSMRA85T10A562S");

        byte[] csr = csrFrom(card, "card-key");
        String number = engine.cards().request(ROMA, cf, "Mario", "Rossi", Optional.of(EmailAddress.parse("mario.rossi@comune.roma.it")), csr);
        assertEquals("058091000001", number);
        BatchReport report = engine.batch().run();
        assertEquals(List.of(number), report.issued(), report.toString());

        CertificateRecord r = engine.certificates().require(number);
        assertEquals(CertificateState.ATTIVO, r.state());
        X509Certificate c = r.certificate();
        c.verify(pki.hierarchy().smartCardCa().certificate().getPublicKey());
        assertArrayEquals(card.require("card-key").publicKey().getEncoded(), c.getPublicKey().getEncoded(), "the card's own key");
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        assertEquals("TINIT-RSSMRA85T10A562S", IETFUtils.valueToString(subject.getRDNs(BCStyle.SERIALNUMBER)[0].getFirst().getValue()));
        assertEquals("Mario Rossi", IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"), c.getExtendedKeyUsage());
        pki.writePems(dir);
        OpenSsl.Result text = OpenSsl.run("x509", "-noout", "-text", "-in", OpenSsl.writePem(dir.resolve("card.pem"), c).toString());
        assertTrue(text.output().contains("serialNumber = TINIT-RSSMRA85T10A562S")
                && text.output().contains("email:mario.rossi@comune.roma.it")
                && text.output().contains("E-mail Protection"), text.output());
        OpenSsl.Result v = OpenSsl.run("verify", "-attime", String.valueOf(clock.instant().getEpochSecond() + 60), "-CAfile",
                dir.resolve("root.pem").toString(), "-untrusted", dir.resolve("smartcard-ca.pem").toString(), dir.resolve("card.pem").toString());
        assertTrue(v.ok(), v.output());
        long audited = ((AuditVerification.Intact) engine.verifyAudit()).count();
        assertEquals(Refusal.WRONG_KIND, assertThrows(RefusedException.class,
                () -> engine.workstations().exportWithPrivateKey(number, Pkcs12Encryption.MODERN),
                "a card key never leaves the card").refusal());
        assertEquals(audited, ((AuditVerification.Intact) engine.verifyAudit()).count(), "the refused export is not audited");

        // A request whose signature is not by its key, a weak key, garbage: refused, nothing queued or audited.
        byte[] tampered = csrFrom(card, "card-key-2");
        tampered[tampered.length - 5] ^= 0x01;
        assertEquals(CsrRejectedException.Reason.BAD_SIGNATURE, assertThrows(CsrRejectedException.class,
                () -> engine.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(), tampered)).reason());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        var weak = g.generateKeyPair();
        byte[] weakCsr = new PKCS10CertificationRequestBuilder(new X500Name("CN=weak"),
                SubjectPublicKeyInfo.getInstance(weak.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(weak.getPrivate())).getEncoded();
        assertEquals(CsrRejectedException.Reason.WEAK_KEY, assertThrows(CsrRejectedException.class,
                () -> engine.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(), weakCsr)).reason());
        assertEquals(CsrRejectedException.Reason.MALFORMED, assertThrows(CsrRejectedException.class,
                () -> engine.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(), new byte[] {0x30, 0x03, 1})).reason());
        var bc = new BouncyCastleProvider();
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", bc);
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        var unknownCurve = k1.generateKeyPair();
        byte[] unknownCurveCsr = new PKCS10CertificationRequestBuilder(new X500Name("CN=k1"),
                SubjectPublicKeyInfo.getInstance(unknownCurve.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc).build(unknownCurve.getPrivate())).getEncoded();
        assertEquals(CsrRejectedException.Reason.WEAK_KEY, assertThrows(CsrRejectedException.class,
                () -> engine.cards().request(ROMA, cf, "Mario", "Rossi", Optional.empty(), unknownCurveCsr)).reason(),
                "a curve other than P-256 and P-384");
        // Names that no certificate could carry: refused at the request, before the old card is touched.
        byte[] good = csrFrom(card, "card-key-3");
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> engine.cards().request(ROMA, cf, "M".repeat(65), "Rossi", Optional.empty(), good));
        assertTrue(tooLong.getMessage().contains("given name") && tooLong.getMessage().contains("65 characters"), tooLong.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> engine.cards().request(ROMA, cf, "Laura\nX\u0007", "Rossi", Optional.empty(), good));
        assertTrue(control.getMessage().contains("Laura\\u000AX\\u0007"), control.getMessage());
        assertEquals(audited, ((AuditVerification.Intact) engine.verifyAudit()).count(), "nothing audited");
        assertEquals(CertificateState.ATTIVO, engine.certificates().require(number).state(), "the holder's card is untouched");
        assertEquals(List.of(), engine.batch().run().issued(), "nothing was queued by the refused requests");

        // Two long names: the CN is cut to RFC 5280's 64 characters, givenName and surname keep them whole.
        String given = "Maria Giovanna Benedetta Ludovica";
        String surname = "De Sanctis Brambilla Ferrari Colombo";
        String second = engine.cards().request(ROMA, cf, given, surname, Optional.empty(), good);
        assertEquals(String.format("%012d", Long.parseLong(number) + 1), second, "the refused requests spent no card number");
        assertEquals(List.of(second), engine.batch().run().issued());
        X500Name long2 = X500Name.getInstance(engine.certificates().require(second).certificate().getSubjectX500Principal().getEncoded());
        String cn = IETFUtils.valueToString(long2.getRDNs(BCStyle.CN)[0].getFirst().getValue());
        assertEquals((given + " " + surname).substring(0, 64).strip(), cn);
        assertEquals(surname, IETFUtils.valueToString(long2.getRDNs(BCStyle.SURNAME)[0].getFirst().getValue()));
        assertEquals(given, IETFUtils.valueToString(long2.getRDNs(BCStyle.GIVENNAME)[0].getFirst().getValue()));
    }
}
