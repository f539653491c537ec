package org.sigillo.crl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingCrlWriterTest {

    private static final Instant THIS_UPDATE = Instant.parse("2049-12-31T12:00:00Z");
    private static final Instant NEXT_UPDATE = Instant.parse("2050-01-01T12:00:00Z");
    private static final URI DELTA_URL = URI.create("http://crl.sigillo.test/root-delta.crl");

    private static TestCa ecCa;
    private static TestCa rsaCa;

    @BeforeAll
    static void createCas() throws Exception {
        ecCa = TestCa.ecP256("Sigillo EC Root");
        rsaCa = TestCa.rsa3072("Sigillo RSA Root");
    }

    /** One revoked certificate, as the test feeds it to both encoders. */
    record Revoked(BigInteger serial, Instant time, RevocationReason reason, Instant invalidity) {
    }

    /**
     * 50 entries: every reason (UNSPECIFIED included) with and without invalidity dates;
     * serials with and without the leading high bit (a 0x00 sign octet), one-octet serials
     * and a 20-octet serial; times on both sides of the UTCTime/GeneralizedTime switch at
     * 2050, before 1970, and with sub-second parts (truncated to the second by both).
     */
    static List<Revoked> sampleEntries() {
        Random random = new Random(42);
        Instant[] times = {
            Instant.parse("2026-03-15T08:30:00Z"), Instant.parse("2049-12-31T23:59:59.999Z"),
            Instant.parse("2050-01-01T00:00:00Z"), Instant.parse("2100-02-28T10:11:12Z"),
            Instant.parse("1969-07-20T20:17:40Z"), Instant.parse("2000-02-29T00:00:01.5Z"),
            Instant.parse("1950-01-01T00:00:00Z"),
        };
        RevocationReason[] reasons = RevocationReason.values();
        List<Revoked> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            BigInteger serial;
            if (i == 0) {
                serial = BigInteger.ONE;
            } else if (i == 1) {
                serial = BigInteger.valueOf(0x80); // high bit: 02 02 00 80
            } else if (i == 2) {
                serial = BigInteger.ONE.shiftLeft(151).add(BigInteger.valueOf(i)); // 20 octets
            } else {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                bytes[0] = (byte) (i % 2 == 0 ? bytes[0] | 0x80 : (bytes[0] & 0x7F) | 0x01);
                serial = new BigInteger(1, bytes);
            }
            Instant time = times[i % times.length];
            Instant invalidity = i % 3 == 0 ? null : times[(i + 3) % times.length].minusSeconds(3600);
            entries.add(new Revoked(serial, time, reasons[i % reasons.length], invalidity));
        }
        return entries;
    }

    static CrlEntries columnar(List<Revoked> revoked) {
        CrlEntries.Builder builder = CrlEntries.builder();
        for (Revoked r : revoked) {
            builder.add(r.serial(), r.time(), r.reason(), r.invalidity());
        }
        return builder.build();
    }

    static CrlHeader header(TestCa ca, BigInteger number, CrlScope scope) {
        return new CrlHeader(ca.name, ca.keyId, THIS_UPDATE, NEXT_UPDATE, number, scope);
    }

    static byte[] write(TestCa ca, CrlHeader header, CrlEntries entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new StreamingCrlWriter().write(header, entries, ca.signer(), out);
        assertEquals(out.size(), written, "returned byte count");
        return out.toByteArray();
    }

    /** The same CRL made the usual way, with BC's X509v2CRLBuilder, extensions in our order. */
    static byte[] bcCrl(TestCa ca, CrlHeader header, List<Revoked> revoked) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(header.issuer(), Date.from(header.thisUpdate()));
        builder.setNextUpdate(Date.from(header.nextUpdate()));
        for (Revoked r : revoked) {
            if (r.invalidity() == null) {
                builder.addCRLEntry(r.serial(), Date.from(r.time()), r.reason().code());
            } else {
                builder.addCRLEntry(r.serial(), Date.from(r.time()), r.reason().code(), Date.from(r.invalidity()));
            }
        }
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyId));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(header.crlNumber()));
        if (header.scope() instanceof CrlScope.Delta) {
            builder.addExtension(Extension.deltaCRLIndicator, true,
                    new ASN1Integer(((CrlScope.Delta) header.scope()).baseCrlNumber()));
        } else {
            ((CrlScope.Full) header.scope()).freshestCrl().ifPresent(url -> {
                try {
                    builder.addExtension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, url.toString()))), null, null)}));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        return builder.build(ca.signer()).getEncoded();
    }

    /**
     * Compares raw bytes, sliced out of both encodings without re-encoding: first each of the
     * 50 revokedCertificates entries (SEQUENCE { serial, revocationDate, crlEntryExtensions }),
     * then the whole TBSCertList (everything that is signed). Only the signature values differ
     * (ECDSA is randomised), so the outer signatureAlgorithm is compared too.
     */
    @Test
    void entriesAndTbsAreByteIdenticalToBouncyCastle() throws Exception {
        for (CrlScope scope : List.of(CrlScope.fullWithFreshest(DELTA_URL), CrlScope.delta(BigInteger.valueOf(6)))) {
            List<Revoked> revoked = sampleEntries();
            CrlHeader header = header(ecCa, BigInteger.valueOf(7), scope);
            List<byte[]> ours = Der.children(write(ecCa, header, columnar(revoked)));
            List<byte[]> bc = Der.children(bcCrl(ecCa, header, revoked));

            List<byte[]> ourTbs = Der.children(ours.get(0));
            List<byte[]> bcTbs = Der.children(bc.get(0));
            // version, signature, issuer, thisUpdate, nextUpdate, revokedCertificates, [0] crlExtensions
            assertEquals(7, ourTbs.size());
            List<byte[]> ourEntries = Der.children(ourTbs.get(5));
            List<byte[]> bcEntries = Der.children(bcTbs.get(5));
            assertEquals(50, ourEntries.size());
            assertEquals(bcEntries.size(), ourEntries.size());
            for (int i = 0; i < ourEntries.size(); i++) {
                assertEquals(HexFormat.of().formatHex(bcEntries.get(i)), HexFormat.of().formatHex(ourEntries.get(i)), "entry " + i + " " + revoked.get(i));
            }
            assertArrayEquals(bc.get(0), ours.get(0), "TBSCertList");
            assertArrayEquals(bc.get(1), ours.get(1), "signatureAlgorithm");
        }
    }

    @Test
    void emptyCrlOmitsRevokedCertificatesLikeBouncyCastle() throws Exception {
        CrlHeader header = header(ecCa, BigInteger.ONE, CrlScope.full());
        byte[] ours = write(ecCa, header, CrlEntries.builder().build());
        byte[] bc = bcCrl(ecCa, header, List.of());
        assertEquals(6, Der.children(Der.children(ours).get(0)).size());
        assertArrayEquals(Der.children(bc).get(0), Der.children(ours).get(0));
        assertTrue(new X509CRLHolder(ours).isSignatureValid(
                new JcaContentVerifierProviderBuilder().build(ecCa.keyPair.getPublic())));
    }

    @Test
    void fullCrlParsesWithBouncyCastleAndJdkAndVerifiesEc() throws Exception {
        checkParsedBack(ecCa, CrlScope.fullWithFreshest(DELTA_URL));
    }

    @Test
    void deltaCrlParsesWithBouncyCastleAndJdkAndVerifiesRsa() throws Exception {
        checkParsedBack(rsaCa, CrlScope.delta(BigInteger.valueOf(41)));
    }

    private static void checkParsedBack(TestCa ca, CrlScope scope) throws Exception {
        List<Revoked> revoked = sampleEntries();
        BigInteger number = BigInteger.valueOf(42);
        byte[] der = write(ca, header(ca, number, scope), columnar(revoked));

        X509CRLHolder holder = new X509CRLHolder(der);
        assertTrue(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.keyPair.getPublic())));
        assertEquals(ca.name, holder.getIssuer());
        assertEquals(Date.from(THIS_UPDATE), holder.getThisUpdate());
        assertEquals(Date.from(NEXT_UPDATE), holder.getNextUpdate());
        assertEquals(number, CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber());
        assertArrayEquals(ca.keyId, AuthorityKeyIdentifier.getInstance(
                holder.getExtension(Extension.authorityKeyIdentifier).getParsedValue()).getKeyIdentifierOctets());
        if (scope instanceof CrlScope.Delta) {
            Extension delta = holder.getExtension(Extension.deltaCRLIndicator);
            assertTrue(delta.isCritical());
            assertEquals(((CrlScope.Delta) scope).baseCrlNumber(),
                    ASN1Integer.getInstance(delta.getParsedValue()).getValue());
            assertNull(holder.getExtension(Extension.freshestCRL));
        } else {
            Extension freshest = holder.getExtension(Extension.freshestCRL);
            assertFalse(freshest.isCritical());
            GeneralName url = CRLDistPoint.getInstance(freshest.getParsedValue()).getDistributionPoints()[0]
                    .getDistributionPoint().getName() instanceof GeneralNames
                    ? ((GeneralNames) CRLDistPoint.getInstance(freshest.getParsedValue()).getDistributionPoints()[0]
                            .getDistributionPoint().getName()).getNames()[0]
                    : null;
            assertNotNull(url);
            assertEquals(DELTA_URL.toString(), url.getName().toString());
            assertNull(holder.getExtension(Extension.deltaCRLIndicator));
        }
        List<?> bcEntries = new ArrayList<>(holder.getRevokedCertificates());
        assertEquals(revoked.size(), bcEntries.size());
        for (int i = 0; i < revoked.size(); i++) {
            Revoked r = revoked.get(i);
            X509CRLEntryHolder e = (X509CRLEntryHolder) bcEntries.get(i);
            assertEquals(r.serial(), e.getSerialNumber());
            assertEquals(Date.from(r.time()).getTime() / 1000 * 1000, e.getRevocationDate().getTime());
            Extension reason = e.getExtensions() == null ? null : e.getExtensions().getExtension(Extension.reasonCode);
            if (r.reason() == RevocationReason.UNSPECIFIED) {
                assertNull(reason);
            } else {
                assertEquals(r.reason().code(), ASN1Enumerated.getInstance(reason.getParsedValue()).intValueExact());
            }
            Extension invalidity = e.getExtensions() == null ? null
                    : e.getExtensions().getExtension(Extension.invalidityDate);
            if (r.invalidity() == null) {
                assertNull(invalidity);
            } else {
                assertEquals(r.invalidity().getEpochSecond() * 1000,
                        ASN1GeneralizedTime.getInstance(invalidity.getParsedValue()).getDate().getTime());
            }
        }

        X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(der));
        jdk.verify(ca.keyPair.getPublic());
        jdk.verify(ca.jcaCertificate().getPublicKey());
        assertEquals(2, jdk.getVersion());
        assertEquals(ca.jcaCertificate().getSubjectX500Principal(), jdk.getIssuerX500Principal());
        assertEquals(Date.from(THIS_UPDATE), jdk.getThisUpdate());
        assertEquals(Date.from(NEXT_UPDATE), jdk.getNextUpdate());
        assertEquals(ca.signatureAlgorithm, jdk.getSigAlgName());
        assertEquals(scope instanceof CrlScope.Delta, jdk.getCriticalExtensionOIDs().contains("2.5.29.27"));
        assertEquals(revoked.size(), jdk.getRevokedCertificates().size());
        for (Revoked r : revoked) {
            X509CRLEntry e = jdk.getRevokedCertificate(r.serial());
            assertNotNull(e, "serial " + r.serial());
            assertEquals(r.time().getEpochSecond() * 1000, e.getRevocationDate().getTime());
            if (r.reason() == RevocationReason.UNSPECIFIED) {
                assertNull(e.getRevocationReason());
            } else {
                assertEquals(r.reason().name(), e.getRevocationReason().name());
            }
        }
    }

    @Test
    void largeCrlStreamsWithMultiByteLengthsAndVerifies() throws Exception {
        int n = 100_000;
        Random random = new Random(7);
        CrlEntries.Builder builder = CrlEntries.builder();
        byte[] bytes = new byte[16];
        Instant base = Instant.parse("2026-05-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            random.nextBytes(bytes);
            bytes[0] |= 1;
            RevocationReason reason = RevocationReason.values()[i % 10];
            builder.add(new BigInteger(1, bytes), base.plusSeconds(i), reason, i % 4 == 0 ? base : null);
        }
        CrlEntries entries = builder.build();
        byte[] der = write(ecCa, header(ecCa, BigInteger.TEN, CrlScope.full()), entries);
        X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        jdk.verify(ecCa.keyPair.getPublic());
        assertEquals(n, jdk.getRevokedCertificates().size());
        assertEquals(entries.revocationTime(n - 1), jdk.getRevokedCertificate(entries.serial(n - 1))
                .getRevocationDate().toInstant());
    }
}
