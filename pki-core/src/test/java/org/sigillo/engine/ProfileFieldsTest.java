package org.sigillo.engine;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.hsm.KeySpec;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.Profiles;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.OpenSsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field of the three profiles (issue 4, "Profiles"), read back from the certificates the
 * batch issued, for EC and RSA keys: the subject attribute by attribute, the key usages (critical)
 * that depend on the key family, the extended key usages, CA:false, a notBefore back-dated a few
 * minutes at most and a notAfter 6 years after issue; and OpenSSL reads each one.
 */
class ProfileFieldsTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private EngineSettings settings(Path dir, KeySpec keys) {
        return new EngineSettings(clock, keys, Duration.ofDays(1), Duration.ofDays(60), dir.resolve("crl"), 2, 200,
                EngineSettings.DEFAULT_BATCH_GROUP, "test-operator");
    }

    /** The subject's attributes in order, as "type=value". */
    private static List<String> subject(X509Certificate c) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue a : rdn.getTypesAndValues()) {
                out.add(BCStyle.INSTANCE.oidToDisplayName(a.getType()) + "=" + IETFUtils.valueToString(a.getValue()));
            }
        }
        return out;
    }

    /** The key usages set, by RFC 5280 bit number. */
    private static List<Integer> usages(X509Certificate c) {
        boolean[] bits = c.getKeyUsage();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /** What every end-entity certificate of Sigillo has, whatever its profile. */
    private void checkCommon(X509Certificate c, X509Certificate issuer, Instant issuedAt) throws Exception {
        c.verify(issuer.getPublicKey());
        assertEquals(-1, c.getBasicConstraints(), "CA:false");
        assertTrue(c.getCriticalExtensionOIDs().contains(KEY_USAGE), "keyUsage is critical");
        Instant notBefore = c.getNotBefore().toInstant();
        assertFalse(notBefore.isAfter(issuedAt), "usable at once: " + notBefore);
        assertFalse(notBefore.isBefore(issuedAt.minus(Duration.ofMinutes(10))), "back-dated a few minutes at most: " + notBefore);
        assertEquals(Profiles.notAfter(issuedAt), c.getNotAfter().toInstant(), "6 years from issue");
        assertEquals(Instant.parse("2032-11-22T10:00:00Z"), c.getNotAfter().toInstant());
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void workstationAndServerCertificatesCarryTheirProfile(KeySpec keys, @TempDir Path dir) throws Exception {
        boolean rsa = keys == KeySpec.RSA_3072;
        try (EngineFixture f = new EngineFixture(clock, dir, settings(dir, keys))) {
            Sigillo e = f.engine();
            String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
            String co = e.servers().request(EngineFixture.ROMA).toString();
            Instant issuedAt = clock.instant();
            assertEquals(List.of(pc, co), e.batch().run().issued());
            X509Certificate caCert = f.pki.hierarchy().workstationCa().certificate();

            X509Certificate w = e.certificates().require(pc).certificate();
            checkCommon(w, caCert, issuedAt);
            assertEquals(List.of("C=IT", "O=Comune di Roma", "CN=058091-PC-0001"), subject(w));
            assertEquals(List.of(CLIENT_AUTH), w.getExtendedKeyUsage());
            assertEquals(rsa ? List.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT) : List.of(DIGITAL_SIGNATURE), usages(w),
                    "workstation: digitalSignature, + keyEncipherment for RSA");
            assertEquals(keys.jcaAlgorithm(), w.getPublicKey().getAlgorithm());

            X509Certificate s = e.certificates().require(co).certificate();
            checkCommon(s, caCert, issuedAt);
            assertEquals(List.of("C=IT", "O=Comune di Roma", "CN=058091-CO-9999"), subject(s));
            assertEquals(List.of(CLIENT_AUTH), s.getExtendedKeyUsage());
            assertEquals(List.of(DIGITAL_SIGNATURE, rsa ? KEY_ENCIPHERMENT : KEY_AGREEMENT), usages(s),
                    "server: keyEncipherment for RSA, keyAgreement for EC (notification encryption)");

            String wText = OpenSsl.run("x509", "-noout", "-text", "-in", OpenSsl.writePem(dir.resolve("pc.pem"), w).toString()).output();
            assertTrue(wText.contains("Subject: C = IT, O = Comune di Roma, CN = 058091-PC-0001")
                    && wText.contains("TLS Web Client Authentication")
                    && wText.contains("Key Encipherment") == rsa, wText);
            String sText = OpenSsl.run("x509", "-noout", "-text", "-in", OpenSsl.writePem(dir.resolve("co.pem"), s).toString()).output();
            assertTrue(sText.contains("CN = 058091-CO-9999")
                    && sText.contains(rsa ? "Key Encipherment" : "Key Agreement"), sText);

            // The key made by the engine travels in the PKCS#12 and signs for the certificate.
            for (String code : List.of(pc, co)) {
                Export x = e.workstations().exportWithPrivateKey(code, Pkcs12Encryption.MODERN);
                char[] pw = x.password().reveal();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(new ByteArrayInputStream(x.pkcs12()), pw);
                String alias = ks.aliases().nextElement();
                PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
                Signature sig = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
                sig.initSign(key);
                sig.update(new byte[] {7});
                byte[] signed = sig.sign();
                sig.initVerify(e.certificates().require(code).certificate());
                sig.update(new byte[] {7});
                assertTrue(sig.verify(signed), code + ": the exported key is the certificate's");
                x.destroy();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void smartCardCertificatesCarryTheirProfile(KeySpec cardKey, @TempDir Path dir) throws Exception {
        boolean rsa = cardKey == KeySpec.RSA_3072;
        try (EngineFixture f = new EngineFixture(clock, dir)) {
            Sigillo e = f.engine();
            KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            g.initialize(rsa ? 2048 : 256); // RSA-2048: the smallest card key accepted
            KeyPair kp = g.generateKeyPair();
            byte[] csr = new PKCS10CertificationRequestBuilder(new X500Name("CN=card"),
                    SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()))
                    .build(new JcaContentSignerBuilder(rsa ? "SHA256withRSA" : "SHA256withECDSA").build(kp.getPrivate())).getEncoded();
            CodiceFiscale cf = CodiceFiscale.parse("RSSMRA85T10A562S");
            String number = e.cards().request(EngineFixture.ROMA, cf, "Mario", "Rossi",
                    Optional.of(EmailAddress.parse("mario.rossi@comune.roma.it")), csr);
            Instant issuedAt = clock.instant();
            assertEquals(List.of(number), e.batch().run().issued());
            assertEquals(cf, e.cards().find(number).orElseThrow().cf(), "the card number is recorded for its holder");

            X509Certificate c = e.certificates().require(number).certificate();
            checkCommon(c, f.pki.hierarchy().smartCardCa().certificate(), issuedAt);
            assertArrayEquals(kp.getPublic().getEncoded(), c.getPublicKey().getEncoded(), "the card's own key");
            assertEquals(List.of("C=IT", "SERIALNUMBER=TINIT-RSSMRA85T10A562S", "GIVENNAME=Mario", "SURNAME=Rossi",
                    "CN=Mario Rossi"), subject(c));
            assertEquals(List.of(CLIENT_AUTH, EMAIL_PROTECTION), c.getExtendedKeyUsage());
            assertEquals(rsa ? List.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT) : List.of(DIGITAL_SIGNATURE), usages(c));
            String text = OpenSsl.run("x509", "-noout", "-text", "-in", OpenSsl.writePem(dir.resolve("card.pem"), c).toString()).output();
            assertTrue(text.contains("serialNumber = TINIT-RSSMRA85T10A562S") && text.contains("GN = Mario")
                    && text.contains("SN = Rossi") && text.contains("E-mail Protection"), text);
        }
    }
}
