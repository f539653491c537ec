package org.sigillo.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.Profiles;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;

/**
 * The certificate encoder against Bouncy Castle's builder, the reference: the same request and
 * serial give the same TBSCertificate byte for byte, for every profile, both kinds of end-entity
 * key, both kinds of CA key, UTCTime and GeneralizedTime validity; and what the CA issues through
 * it parses, verifies with the CA's key and carries the serial and times it reports.
 */
class CertificateEncoderTest {
    /** Sub-second on purpose: DER times keep seconds only. */
    private static final Instant NOW = Instant.parse("2026-11-30T10:15:30.987654321Z");
    private static final Map<KeySpec, TestPki> PKIS = new EnumMap<>(KeySpec.class);

    @BeforeAll
    static void open() {
        for (KeySpec spec : List.of(KeySpec.EC_P256, KeySpec.RSA_3072)) {
            PKIS.put(spec, TestPki.create(spec, Clock.fixed(NOW, ZoneOffset.UTC)));
        }
    }

    @AfterAll
    static void close() {
        PKIS.values().forEach(TestPki::close);
    }

    private static SubjectPublicKeyInfo key(String algorithm, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(size);
        return SubjectPublicKeyInfo.getInstance(g.generateKeyPair().getPublic().getEncoded());
    }

    /** Every profile Sigillo issues, with EC and RSA end-entity keys, issued at {@code at}. */
    private static List<EndEntityRequest> requests(Instant at) throws Exception {
        Profiles profiles = new Profiles(Clock.fixed(at, ZoneOffset.UTC));
        Ente ente = Ente.of(IstatCode.parse("058091"), "Comune di Roma");
        CodiceFiscale cf = CodiceFiscale.parse("RSSMRA85T10A562S");
        List<EndEntityRequest> out = new ArrayList<>();
        for (SubjectPublicKeyInfo k : List.of(key("EC", 256), key("RSA", 2048))) {
            out.add(profiles.workstation(EntityCode.parse("058091-PC-0001"), ente, k));
            out.add(profiles.server(EntityCode.parse("058091-CO-9999"), ente, k));
            out.add(profiles.smartCard(cf, "Mario", "Rossi", Optional.of(EmailAddress.parse("mario.rossi@comune.roma.it")), k));
            out.add(profiles.smartCard(cf, "Maria Grazia", "D'Annunzio", Optional.empty(), k));
        }
        return out;
    }

    /** What Bouncy Castle's builder makes of the request: the reference encoding. */
    private static byte[] referenceTbs(CertificateAuthority ca, EndEntityRequest r, BigInteger serial) throws Exception {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), serial,
                Date.from(r.notBefore()), Date.from(r.notAfter()), r.subject(), r.publicKey());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(r.keyUsage()));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(r.extendedKeyUsages().toArray(new KeyPurposeId[0])));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyId()));
        b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(r.publicKey()));
        b.addExtension(Extension.cRLDistributionPoints, false, CertificateAuthority.crlDp(ca.crlUri()));
        if (ca.ocspUri() != null) {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ca.ocspUri().toString()))));
        }
        if (r.subjectAltName().isPresent()) {
            b.addExtension(Extension.subjectAlternativeName, false, r.subjectAltName().get());
        }
        AlgorithmIdentifier algorithm = ca.signerPool().algorithm().identifier();
        ContentSigner unsigned = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return new byte[8];
            }
        };
        return b.build(unsigned).toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void writesWhatBouncyCastlesBuilderWritesForEveryProfile(KeySpec caKey) throws Exception {
        CaHierarchy h = PKIS.get(caKey).hierarchy();
        SerialNumbers serials = new SerialNumbers(Clock.fixed(NOW, ZoneOffset.UTC));
        // 2045: notAfter in 2051 is a GeneralizedTime (RFC 5280 4.1.2.5)
        for (Instant at : List.of(NOW, Instant.parse("2045-06-01T00:00:00.5Z"))) {
            for (EndEntityRequest r : requests(at)) {
                for (CertificateAuthority ca : List.of(h.workstationCa(), h.smartCardCa())) {
                    // a small serial too: its encoding is one octet, and one with the high bit set needs a leading zero
                    for (BigInteger serial : List.of(serials.next(), BigInteger.valueOf(5), BigInteger.valueOf(0x80))) {
                        assertArrayEquals(referenceTbs(ca, r, serial), ca.tbs(r, serial), r.subject() + " at " + at + " serial " + serial);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256", "RSA_3072"})
    void issuedCertificatesVerifyAndReportWhatTheyCarry(KeySpec caKey) throws Exception {
        CertificateAuthority ca = PKIS.get(caKey).hierarchy().workstationCa();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (EndEntityRequest r : requests(NOW)) {
            IssuedCertificate issued = ca.issueEncoded(r);
            X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(issued.der()));
            c.verify(ca.certificate().getPublicKey());
            assertEquals(issued.serial(), c.getSerialNumber());
            assertEquals(Instant.parse("2026-11-30T10:10:30Z"), issued.notBefore(), "5 minutes back-dated, to the second");
            assertEquals(issued.notBefore(), c.getNotBefore().toInstant());
            assertEquals(issued.notAfter(), c.getNotAfter().toInstant());
            assertEquals(Instant.parse("2032-11-30T10:15:30Z"), issued.notAfter(), "6 years, to the second");
            X509CertificateHolder holder = new X509CertificateHolder(issued.der());
            assertArrayEquals(referenceTbs(ca, r, issued.serial()), holder.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER));
            assertEquals(ca.signerPool().algorithm().identifier(), holder.getSignatureAlgorithm());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"EC_P256"})
    void refusesWhatOutlivesTheCaBeforeSigning(KeySpec caKey) throws Exception {
        CertificateAuthority ca = PKIS.get(caKey).hierarchy().workstationCa();
        EndEntityRequest r = requests(Instant.parse("2045-06-01T00:00:00Z")).get(0);
        CaException e = assertThrows(CaException.class, () -> ca.issueEncoded(r));
        assertEquals(CaException.Kind.REQUEST_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("beyond the CA's own"), e.getMessage());
    }
}
