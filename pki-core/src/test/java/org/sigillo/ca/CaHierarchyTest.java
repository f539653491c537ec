package org.sigillo.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.testing.OpenSsl;

/** The CA hierarchy built in SoftHSM2, parsed back, verified, and accepted by OpenSSL. */
class CaHierarchyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final Map<KeySpec, TestPki> PKIS = new EnumMap<>(KeySpec.class);

    static synchronized TestPki pki(KeySpec spec) {
        return PKIS.computeIfAbsent(spec, s -> TestPki.create(s, CLOCK));
    }

    @AfterAll
    static void close() {
        PKIS.values().forEach(TestPki::close);
    }

    private static X509CertificateHolder holder(X509Certificate c) throws Exception {
        return new JcaX509CertificateHolder(c);
    }

    private static X509Certificate reparse(X509Certificate c) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(c.getEncoded()));
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void everyCertificateParsesVerifiesAndCarriesItsExtensions(KeySpec spec) throws Exception {
        CaHierarchy h = pki(spec).hierarchy();
        X509Certificate root = reparse(h.root());
        root.verify(root.getPublicKey());
        assertEquals(spec, KeySpec.of(root.getPublicKey()));
        X509CertificateHolder r = holder(root);
        assertTrue(r.getExtension(Extension.basicConstraints).isCritical());
        assertEquals(BigInteger.ONE, BasicConstraints.fromExtensions(r.getExtensions()).getPathLenConstraint());
        assertTrue(KeyUsage.fromExtensions(r.getExtensions()).hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        assertNotNull(r.getExtension(Extension.subjectKeyIdentifier));
        assertEquals(Instant.parse("2046-11-22T10:00:00Z"), root.getNotAfter().toInstant());

        for (CertificateAuthority ca : List.of(h.workstationCa(), h.smartCardCa())) {
            X509Certificate c = reparse(ca.certificate());
            c.verify(root.getPublicKey());
            X509CertificateHolder x = holder(c);
            assertTrue(BasicConstraints.fromExtensions(x.getExtensions()).isCA());
            assertEquals(BigInteger.ZERO, BasicConstraints.fromExtensions(x.getExtensions()).getPathLenConstraint());
            assertTrue(x.getExtension(Extension.keyUsage).isCritical());
            assertNotNull(x.getExtension(Extension.authorityKeyIdentifier));
            CRLDistPoint dp = CRLDistPoint.fromExtensions(x.getExtensions());
            assertTrue(dp.getDistributionPoints()[0].toString().contains("http://127.0.0.1:8080/crl/root.crl"));
            assertTrue(c.getNotAfter().toInstant().isAfter(Instant.parse("2033-11-22T10:00:00Z")),
                    "issuing CA outlives a 6-year certificate issued today");
            assertArrayEquals(SubjectKeyIdentifier.fromExtensions(x.getExtensions()).getKeyIdentifier(),
                    ca.keyId());

            X509Certificate ocsp = reparse(h.ocspSignerCertificate(ca.role()));
            ocsp.verify(c.getPublicKey());
            X509CertificateHolder o = holder(ocsp);
            assertEquals(List.of(KeyPurposeId.id_kp_OCSPSigning.toOID().getId()), ocsp.getExtendedKeyUsage());
            assertNotNull(o.getExtension(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.5")), "ocsp-nocheck");
            assertFalse(BasicConstraints.fromExtensions(o.getExtensions()).isCA());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void openSslVerifiesLeavesAndOcspSignersOfBothIssuingCas(KeySpec spec, @TempDir Path dir) throws Exception {
        TestPki pki = pki(spec);
        pki.writePems(dir);
        for (CertificateAuthority ca : List.of(pki.hierarchy().workstationCa(), pki.hierarchy().smartCardCa())) {
            X509Certificate leaf = ca.issue(leafRequest("CN=leaf of " + ca.role()));
            Path leafPem = OpenSsl.writePem(dir.resolve("leaf.pem"), leaf);
            Path issuing = dir.resolve(ca.role() == CaRole.WORKSTATION_CA ? "workstation-ca.pem" : "smartcard-ca.pem");
            OpenSsl.Result r = OpenSsl.run("verify", "-attime", String.valueOf(CLOCK.instant().getEpochSecond() + 3600),
                    "-CAfile", dir.resolve("root.pem").toString(), "-untrusted", issuing.toString(), leafPem.toString());
            assertTrue(r.ok() && r.output().contains(": OK"), r.output());
            Path ocspPem = dir.resolve(ca.role() == CaRole.WORKSTATION_CA ? "workstation-ocsp.pem" : "smartcard-ocsp.pem");
            OpenSsl.Result o = OpenSsl.run("verify", "-attime", String.valueOf(CLOCK.instant().getEpochSecond() + 3600),
                    "-CAfile", dir.resolve("root.pem").toString(), "-untrusted", issuing.toString(), ocspPem.toString());
            assertTrue(o.ok() && o.output().contains(": OK"), o.output());
            OpenSsl.Result text = OpenSsl.run("x509", "-noout", "-text", "-in", ocspPem.toString());
            assertTrue(text.output().contains("OCSP No Check"), text.output());
            assertTrue(text.output().contains("OCSP Signing"), text.output());
        }
    }

    /**
     * The OCSP signer certificate lives 2 years: a load within 30 days of its end makes a new
     * generation (a new key, its certificate for another 2 years, both kept in the vault), which
     * the next load finds and signs with; a load before that changes nothing; the rest of the
     * hierarchy is untouched.
     */
    @Test
    void aLoadNearTheOcspSignersEndCertifiesItsKeyAgain() throws Exception {
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, CLOCK); KeyVault vault = pki.token().openVault()) {
            CaSettings settings = pki.hierarchy().settings();
            X509Certificate first = pki.hierarchy().ocspSignerCertificate(CaRole.WORKSTATION_CA);
            Instant end = first.getNotAfter().toInstant();
            Clock early = Clock.fixed(end.minus(Duration.ofDays(31)), ZoneOffset.UTC);
            assertEquals(first, CaHierarchy.load(vault, settings, early).ocspSignerCertificate(CaRole.WORKSTATION_CA));
            Clock late = Clock.fixed(end.minus(Duration.ofDays(29)), ZoneOffset.UTC);
            X509Certificate renewed = CaHierarchy.load(vault, settings, late).ocspSignerCertificate(CaRole.WORKSTATION_CA);
            assertTrue(renewed.getNotAfter().toInstant().isAfter(end.plus(Duration.ofDays(600))), renewed.getNotAfter().toString());
            assertFalse(first.getPublicKey().equals(renewed.getPublicKey()), "a new key");
            assertEquals(first.getSubjectX500Principal(), renewed.getSubjectX500Principal());
            renewed.verify(pki.hierarchy().workstationCa().certificate().getPublicKey());
            assertTrue(renewed.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.9"), "id-kp-OCSPSigning");
            assertEquals(renewed, CaHierarchy.load(vault, settings, late).ocspSignerCertificate(CaRole.WORKSTATION_CA),
                    "kept in the vault: the next load finds it");
            CaHierarchy again = CaHierarchy.load(vault, settings, late);
            assertEquals(renewed, vault.certificateChain(settings.label(CaRole.WORKSTATION_OCSP) + "-2")[0]);
            assertEquals(first, vault.certificateChain(settings.label(CaRole.WORKSTATION_OCSP))[0], "the old generation stays");
            assertEquals(pki.hierarchy().root(), again.root(), "the rest of the hierarchy untouched");
            assertEquals(pki.hierarchy().workstationCa().certificate(), again.workstationCa().certificate());
            X509Certificate card = again.ocspSignerCertificate(CaRole.SMARTCARD_CA); // the same age: renewed too, by its own CA
            assertFalse(card.equals(pki.hierarchy().ocspSignerCertificate(CaRole.SMARTCARD_CA)));
            card.verify(pki.hierarchy().smartCardCa().certificate().getPublicKey());
            byte[] tbs = "signed by the new generation".getBytes(StandardCharsets.UTF_8);
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(renewed.getPublicKey());
            v.update(tbs);
            assertTrue(v.verify(again.ocspSignerPool(CaRole.WORKSTATION_CA).sign(tbs)), "the pool signs with the new key");
        }
    }

    @Test
    void aNewVaultOverTheSameTokenFindsTheHierarchyAndIssuesFromIt(@TempDir Path dir) throws Exception {
        TestPki pki = pki(KeySpec.EC_P256);
        try (KeyVault again = pki.token().openVault()) {
            CaHierarchy loaded = CaHierarchy.load(again, CaSettings.builder().keySpec(KeySpec.EC_P256).build(), CLOCK);
            assertEquals(pki.hierarchy().root(), loaded.root());
            assertEquals(pki.hierarchy().workstationCa().certificate(), loaded.workstationCa().certificate());
            X509Certificate leaf = loaded.workstationCa().issue(leafRequest("CN=after restart"));
            leaf.verify(pki.hierarchy().workstationCa().certificate().getPublicKey());
            pki.writePems(dir);
            OpenSsl.Result r = OpenSsl.run("verify", "-attime", String.valueOf(CLOCK.instant().getEpochSecond() + 3600),
                    "-CAfile", dir.resolve("root.pem").toString(), "-untrusted", dir.resolve("workstation-ca.pem").toString(),
                    OpenSsl.writePem(dir.resolve("l.pem"), leaf).toString());
            assertTrue(r.ok(), r.output());
        }
    }

    @Test
    void createRefusesAnExistingHierarchyAndLoadNamesWhatIsMissing() {
        TestPki pki = pki(KeySpec.EC_P256);
        CaException e = assertThrows(CaException.class,
                () -> CaHierarchy.create(pki.vault(), CaSettings.defaults(), CLOCK));
        assertEquals(CaException.Kind.ALREADY_EXISTS, e.kind());
        CaException m = assertThrows(CaException.class,
                () -> CaHierarchy.load(pki.vault(), CaSettings.builder().labelPrefix("other").build(), CLOCK));
        assertEquals(CaException.Kind.MISSING, m.kind());
        assertTrue(m.getMessage().contains("other-root"), m.getMessage());
    }

    @Test
    void refusesALeafThatOutlivesTheCa() {
        CertificateAuthority ca = pki(KeySpec.EC_P256).hierarchy().workstationCa();
        EndEntityRequest tooLong = new EndEntityRequest(new X500Name("CN=x"), spki(), CLOCK.instant(),
                Instant.parse("2099-01-01T00:00:00Z"), KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_clientAuth),
                Optional.empty());
        CaException e = assertThrows(CaException.class, () -> ca.issue(tooLong));
        assertEquals(CaException.Kind.REQUEST_REFUSED, e.kind());
    }

    /** Whoever calls the CA, it signs no end-entity certificate with a CA's key usages or undefined bits. */
    @Test
    void anEndEntityRequestWithKeyUsagesRfc5280ForbidsItIsRefusedWhenBuilt() {
        for (int usage : new int[] {KeyUsage.digitalSignature | KeyUsage.keyCertSign, KeyUsage.cRLSign,
                KeyUsage.digitalSignature | KeyUsage.encipherOnly, KeyUsage.decipherOnly, KeyUsage.digitalSignature | 0x10000}) {
            assertThrows(IllegalArgumentException.class, () -> new EndEntityRequest(new X500Name("CN=x"), spki(),
                    CLOCK.instant(), CLOCK.instant().plusSeconds(86_400), usage, List.of(KeyPurposeId.id_kp_clientAuth),
                    Optional.empty()), Integer.toHexString(usage));
        }
        assertEquals(KeyUsage.keyAgreement | KeyUsage.encipherOnly, new EndEntityRequest(new X500Name("CN=x"), spki(),
                CLOCK.instant(), CLOCK.instant().plusSeconds(86_400), KeyUsage.keyAgreement | KeyUsage.encipherOnly,
                List.of(KeyPurposeId.id_kp_clientAuth), Optional.empty()).keyUsage());
    }

    @Test
    void settingsRefuseAnIssuingCaThatCannotCarrySixYearCertificates() {
        assertThrows(IllegalArgumentException.class, () -> CaSettings.builder()
                .validities(Period.ofYears(20), Period.ofYears(6), Period.ofYears(1)).build());
    }

    @Test
    void serialsArePositiveLongAndDistinct() {
        SerialNumbers serials = new SerialNumbers(Clock.systemUTC());
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            BigInteger s = serials.next();
            assertTrue(s.signum() > 0);
            assertEquals(119, s.bitLength());
            assertEquals(15, s.toByteArray().length, "15 octets encoded, within RFC 5280's 20");
            assertTrue(seen.add(s));
        }
    }

    @Test
    void serialsCarry72RandomBitsAfterTheirTimeAndSortByTimeAsStoredHex() {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        SerialNumbers early = new SerialNumbers(Clock.fixed(t, ZoneOffset.UTC));
        SerialNumbers late = new SerialNumbers(Clock.fixed(t.plusMillis(1), ZoneOffset.UTC));
        BigInteger mask = BigInteger.ONE.shiftLeft(72).subtract(BigInteger.ONE);
        BigInteger a = early.next();
        BigInteger b = early.next();
        assertEquals(a.shiftRight(72), b.shiftRight(72), "same millisecond, same prefix");
        assertEquals(BigInteger.ONE.shiftLeft(46).or(BigInteger.valueOf(t.toEpochMilli())), a.shiftRight(72));
        assertNotEquals(a.and(mask), b.and(mask), "the low 72 bits are random");
        // the store keeps serials as lowercase hex (CertificateStore): a later millisecond sorts after
        for (int i = 0; i < 1000; i++) {
            String before = early.next().toString(16);
            String after = late.next().toString(16);
            assertEquals(30, before.length());
            assertTrue(before.compareTo(after) < 0, before + " sorts before " + after);
        }
    }

    static SubjectPublicKeyInfo spki() {
        try {
            var g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return SubjectPublicKeyInfo.getInstance(g.generateKeyPair().getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static EndEntityRequest leafRequest(String dn) {
        return new EndEntityRequest(new X500Name(dn), spki(), CLOCK.instant().minusSeconds(300),
                CLOCK.instant().plusSeconds(86_400L * 365 * 6), KeyUsage.digitalSignature,
                List.of(KeyPurposeId.id_kp_clientAuth), Optional.empty());
    }

}
