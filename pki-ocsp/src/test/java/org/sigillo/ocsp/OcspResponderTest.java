package org.sigillo.ocsp;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.HsmFault;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.status.CertStatus;
import org.sigillo.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The responder in process, against a SoftHSM2-held OCSP signer, parsed back with Bouncy Castle. */
class OcspResponderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final byte[] MALFORMED = {0x30, 0x03, 0x0a, 0x01, 0x01};
    private static final byte[] UNAUTHORIZED = {0x30, 0x03, 0x0a, 0x01, 0x06};

    private static OcspTestPki pki;
    private static OcspTestPki.Ca ca1;
    private static OcspTestPki.Ca ca2;
    private static OcspTestPki.Ca foreign;

    @BeforeAll
    static void pki() {
        pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "Issuing CA 1", "Issuing CA 2", "Foreign CA");
        ca1 = pki.ca(0);
        ca2 = pki.ca(1);
        foreign = pki.ca(2);
    }

    @AfterAll
    static void close() {
        pki.vault().close();
    }

    private static OcspResponder responder(MutableClock clock) {
        return OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .issuer(ca1.issuer()).issuer(ca2.issuer()).build();
    }

    private static SingleResp single(BasicOCSPResp basic) {
        SingleResp[] r = basic.getResponses();
        assertEquals(1, r.length);
        return r[0];
    }

    @Test
    void goodAnswerCarriesEveryField() throws Exception {
        MutableClock clock = new MutableClock(T0);
        OcspResponder responder = responder(clock);
        X509Certificate cert = ca1.issue("good");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        BasicOCSPResp basic = OcspChecks.verified(responder.respond(OcspRequests.request(null, id)), ca1);
        assertEquals(Date.from(T0), basic.getProducedAt());
        assertNull(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        SingleResp s = single(basic);
        assertEquals(id, s.getCertID());
        assertEquals(CertificateStatus.GOOD, s.getCertStatus());
        assertEquals(Date.from(T0), s.getThisUpdate());
        assertEquals(Date.from(T0.plus(Duration.ofHours(1))), s.getNextUpdate());
        assertEquals(1, basic.getVersion());
    }

    @Test
    void sha256CertIdsAreMatchedAndEchoed() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate cert = ca2.issue("sha256");
        CertificateID id = OcspRequests.sha256(ca2.certificate(), cert.getSerialNumber());
        SingleResp s = single(OcspChecks.verified(responder.respond(OcspRequests.request(null, id)), ca2));
        assertEquals(id, s.getCertID());
        assertEquals(NISTid(), s.getCertID().getHashAlgOID());
        assertEquals(CertificateStatus.GOOD, s.getCertStatus());
    }

    private static ASN1ObjectIdentifier NISTid() {
        return NISTObjectIdentifiers.id_sha256;
    }

    @Test
    void revokedCarriesTimeReasonAndInvalidityDate() throws Exception {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate cert = ca1.issue("revoked");
        Instant when = Instant.parse("2026-02-27T08:30:15Z");
        Instant invalid = Instant.parse("2026-02-20T00:00:00Z");
        pki.statuses().put(ca1.keyId(), cert.getSerialNumber(),
                new CertStatus.Revoked(when, RevocationReason.KEY_COMPROMISE, Optional.of(invalid)));
        SingleResp s = single(OcspChecks.verified(responder.respond(
                OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber()))), ca1));
        RevokedStatus r = assertInstanceOf(RevokedStatus.class, s.getCertStatus());
        assertEquals(Date.from(when), r.getRevocationTime());
        assertTrue(r.hasRevocationReason());
        assertEquals(RevocationReason.KEY_COMPROMISE.code(), r.getRevocationReason());
        Extension inv = s.getExtension(Extension.invalidityDate);
        assertEquals(Date.from(invalid), ASN1GeneralizedTime.getInstance(inv.getParsedValue()).getDate());

        X509Certificate other = ca1.issue("unspecified");
        ca1.revoke(other, when, RevocationReason.UNSPECIFIED);
        RevokedStatus u = assertInstanceOf(RevokedStatus.class, single(OcspChecks.verified(responder.respond(
                OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), other.getSerialNumber()))), ca1)).getCertStatus());
        assertFalse(u.hasRevocationReason(), "reason unspecified is left out (RFC 5280 5.3.1)");
    }

    @Test
    void blockIsHoldAndUnblockIsGoodAgain() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate cert = ca2.issue("blocked");
        byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca2.certificate(), cert.getSerialNumber()));
        assertEquals(CertificateStatus.GOOD, single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus());
        Instant when = T0.minusSeconds(60);
        ca2.block(cert, when);
        RevokedStatus r = assertInstanceOf(RevokedStatus.class, single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus());
        assertEquals(RevocationReason.CERTIFICATE_HOLD.code(), r.getRevocationReason());
        assertEquals(Date.from(when), r.getRevocationTime());
        ca2.unblock(cert);
        assertEquals(CertificateStatus.GOOD, single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus());
    }

    @Test
    void serialNeverIssuedIsUnknown() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate never = ca1.issueUnrecorded("never");
        SingleResp s = single(OcspChecks.verified(responder.respond(
                OcspRequests.request(null, OcspRequests.sha256(ca1.certificate(), never.getSerialNumber()))), ca1));
        assertInstanceOf(UnknownStatus.class, s.getCertStatus());
        assertEquals(Date.from(T0.plus(Duration.ofHours(1))), s.getNextUpdate());
    }

    @Test
    void nonceIsEchoedAndSignedFresh() throws Exception {
        MutableClock clock = new MutableClock(T0);
        OcspResponder responder = responder(clock);
        X509Certificate cert = ca1.issue("nonce");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        byte[] n1 = new byte[32];
        new SecureRandom().nextBytes(n1);
        byte[] n2 = n1.clone();
        n2[0] ^= 1;
        BasicOCSPResp r1 = OcspChecks.verified(responder.respond(OcspRequests.request(n1, id)), ca1);
        BasicOCSPResp r2 = OcspChecks.verified(responder.respond(OcspRequests.request(n2, id)), ca1);
        assertArrayEquals(n1, ASN1OctetString.getInstance(r1.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getParsedValue()).getOctets());
        assertArrayEquals(n2, ASN1OctetString.getInstance(r2.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getParsedValue()).getOctets());
        // same nonce twice: still signed anew (ECDSA signatures are randomised), not served from the cache
        assertFalse(Arrays.equals(responder.respond(OcspRequests.request(n1, id)), responder.respond(OcspRequests.request(n1, id))));
        assertEquals(CertificateStatus.GOOD, single(r1).getCertStatus());
    }

    @Test
    void oversizeOrEmptyNonceIsMalformed() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate cert = ca1.issue("big-nonce");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        assertArrayEquals(MALFORMED, responder.respond(OcspRequests.request(new byte[33], id)));
        assertArrayEquals(MALFORMED, responder.respond(OcspRequests.request(new byte[0], id)));
        assertEquals(OCSPResp.SUCCESSFUL, OcspChecks.status(responder.respond(OcspRequests.request(new byte[1], id))));
    }

    /** No answer outlives its signer's certificate, and an expired signer signs none (internalError, logged). */
    @Test
    void answersStopAtTheSignerCertificatesEnd() throws Exception {
        X509Certificate cert = ca1.issue("signer-end");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        Instant end = ca1.ocspSigner().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(end.minus(Duration.ofMinutes(30)));
        OcspResponder responder = responder(clock);
        byte[] der = responder.respond(OcspRequests.request(null, id));
        assertEquals(OCSPResp.SUCCESSFUL, OcspChecks.status(der));
        SingleResp s = single((BasicOCSPResp) new OCSPResp(der).getResponseObject());
        assertEquals(end, s.getNextUpdate().toInstant(), "nextUpdate capped at the signer's notAfter, not an hour on");
        clock.advance(Duration.ofMinutes(31));
        assertEquals(OCSPResp.INTERNAL_ERROR, OcspChecks.status(responder(clock).respond(OcspRequests.request(null, id))));
    }

    /** RFC 6960 4.4: an extension not understood is ignored, unless it is critical. */
    @Test
    void aCriticalExtensionNotUnderstoodIsMalformedAnUnknownNonCriticalOneIsIgnored() throws Exception {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate cert = ca1.issue("extensions");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        ASN1ObjectIdentifier other = new ASN1ObjectIdentifier("1.2.3.4.5");
        for (boolean critical : new boolean[] {false, true}) {
            Extensions ext = new Extensions(
                    new Extension(other, critical, new DEROctetString(new byte[] {1}).getEncoded()));
            byte[] whole = new OCSPReqBuilder().addRequest(id).setRequestExtensions(ext).build().getEncoded();
            byte[] single = new OCSPReqBuilder().addRequest(id, ext).build().getEncoded();
            for (byte[] request : List.of(whole, single)) {
                if (critical) {
                    assertArrayEquals(MALFORMED, responder.respond(request));
                } else {
                    assertEquals(OCSPResp.SUCCESSFUL, OcspChecks.status(responder.respond(request)));
                }
            }
        }
    }

    @Test
    void severalCertIdsOfOneCaAreAnsweredTogether() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate good = ca2.issue("multi-good");
        X509Certificate revoked = ca2.issue("multi-revoked");
        ca2.revoke(revoked, T0.minusSeconds(3600), RevocationReason.SUPERSEDED);
        X509Certificate unknown = ca2.issueUnrecorded("multi-unknown");
        CertificateID a = OcspRequests.sha1(ca2.certificate(), good.getSerialNumber());
        CertificateID b = OcspRequests.sha256(ca2.certificate(), revoked.getSerialNumber());
        CertificateID c = OcspRequests.sha1(ca2.certificate(), unknown.getSerialNumber());
        SingleResp[] r = OcspChecks.verified(responder.respond(OcspRequests.request(new byte[] {1, 2, 3}, a, b, c)), ca2).getResponses();
        assertEquals(3, r.length);
        assertEquals(a, r[0].getCertID());
        assertEquals(CertificateStatus.GOOD, r[0].getCertStatus());
        assertEquals(b, r[1].getCertID());
        assertEquals(RevocationReason.SUPERSEDED.code(), assertInstanceOf(RevokedStatus.class, r[1].getCertStatus()).getRevocationReason());
        assertEquals(c, r[2].getCertID());
        assertInstanceOf(UnknownStatus.class, r[2].getCertStatus());
    }

    @Test
    void foreignOrMixedCasAreUnauthorized() {
        OcspResponder responder = responder(new MutableClock(T0));
        X509Certificate mine = ca1.issue("mine");
        X509Certificate theirs = foreign.issue("theirs");
        X509Certificate other = ca2.issue("other");
        CertificateID a = OcspRequests.sha1(ca1.certificate(), mine.getSerialNumber());
        assertArrayEquals(UNAUTHORIZED, responder.respond(OcspRequests.request(null,
                OcspRequests.sha1(foreign.certificate(), theirs.getSerialNumber()))));
        assertArrayEquals(UNAUTHORIZED, responder.respond(OcspRequests.request(null, a,
                OcspRequests.sha1(ca2.certificate(), other.getSerialNumber()))));
        assertArrayEquals(UNAUTHORIZED, responder.respond(OcspRequests.request(null, a,
                OcspRequests.sha1(foreign.certificate(), theirs.getSerialNumber()))));
        // the right key hash with a wrong name hash is not our CA either
        CertificateID twisted = new CertificateID(new CertID(a.toASN1Primitive().getHashAlgorithm(),
                new DEROctetString(new byte[20]), a.toASN1Primitive().getIssuerKeyHash(), a.toASN1Primitive().getSerialNumber()));
        assertArrayEquals(UNAUTHORIZED, responder.respond(OcspRequests.request(null, twisted)));
        // a hash algorithm we do not accept (MD5)
        CertificateID md5 = OcspRequests.certId(new AlgorithmIdentifier(PKCSObjectIdentifiers.md5),
                ca1.certificate(), mine.getSerialNumber());
        assertArrayEquals(UNAUTHORIZED, responder.respond(OcspRequests.request(null, md5)));
    }

    @Test
    void malformedInputIsMalformedRequest() throws Exception {
        OcspResponder responder = OcspResponder.builder().clock(new MutableClock(T0)).issuer(ca1.issuer())
                .maxRequestsPerMessage(4).build();
        X509Certificate cert = ca1.issue("valid");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        byte[] valid = OcspRequests.request(null, id);
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(null);
        corpus.add(new byte[0]);
        corpus.add(new byte[] {0x30});
        corpus.add(new byte[] {0x30, 0x00});
        corpus.add(new byte[] {0x02, 0x01, 0x05});
        corpus.add("GET / HTTP/1.1\r\n\r\n".getBytes());
        corpus.add(Arrays.copyOf(valid, valid.length - 1));
        corpus.add(Arrays.copyOf(valid, valid.length / 2));
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        corpus.add(trailing);
        byte[] badLength = valid.clone();
        badLength[1] = (byte) 0x84;
        corpus.add(badLength);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            byte[] g = new byte[1 + random.nextInt(300)];
            random.nextBytes(g);
            corpus.add(g);
            byte[] flipped = valid.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
            byte[] answer = responder.respond(flipped);
            int status = OcspChecks.status(answer); // a flipped byte may still parse: only no exception, and a defined status
            assertTrue(status == 0 || status == 1 || status == 6, "status " + status);
        }
        byte[] huge = new byte[1 << 20];
        random.nextBytes(huge);
        corpus.add(huge);
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        for (int i = 0; i < 20000; i++) {
            nested.write(0x30);
            nested.write(0x80); // indefinite length, nested deeply
        }
        corpus.add(nested.toByteArray());
        corpus.add(OcspRequests.request(null, id, id, id, id, id)); // more than maxRequestsPerMessage
        for (byte[] bad : corpus) {
            assertArrayEquals(MALFORMED, responder.respond(bad), () -> "for " + (bad == null ? "null" : bad.length + " bytes"));
        }
        assertEquals(OCSPResp.SUCCESSFUL, OcspChecks.status(responder.respond(valid)));
    }

    @Test
    void preProducedAnswersAreReusedAndRefreshedAtHalfValidity() {
        MutableClock clock = new MutableClock(T0);
        OcspResponder responder = responder(clock);
        X509Certificate cert = ca1.issue("cached");
        byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber()));
        byte[] first = responder.respond(req);
        clock.advance(Duration.ofMinutes(29));
        assertArrayEquals(first, responder.respond(req), "served pre-produced within half the validity");
        clock.advance(Duration.ofMinutes(2));
        byte[] refreshed = responder.respond(req);
        assertFalse(Arrays.equals(first, refreshed));
        SingleResp s = single(OcspChecks.verified(refreshed, ca1));
        assertEquals(Date.from(T0.plus(Duration.ofMinutes(31))), s.getThisUpdate());
        assertEquals(Date.from(T0.plus(Duration.ofMinutes(91))), s.getNextUpdate());
        // SHA-256 CertIDs are kept apart from SHA-1 ones (the CertID is echoed)
        byte[] req256 = OcspRequests.request(null, OcspRequests.sha256(ca1.certificate(), cert.getSerialNumber()));
        assertEquals(NISTid(), single(OcspChecks.verified(responder.respond(req256), ca1)).getCertID().getHashAlgOID());
        assertEquals(OIWObjectIdentifiers.idSHA1, single(OcspChecks.verified(responder.respond(req), ca1)).getCertID().getHashAlgOID());
        // with pre-production off, every answer is signed anew
        OcspResponder uncached = OcspResponder.builder().clock(clock).cacheMaximumSize(0).issuer(ca1.issuer()).build();
        assertFalse(Arrays.equals(uncached.respond(req), uncached.respond(req)));
    }

    @Test
    void noStaleAnswerAfterBlockUnblockAndCancel() throws Exception {
        MutableClock clock = new MutableClock(T0);
        OcspResponder responder = responder(clock);
        X509Certificate cert = ca2.issue("flapping");
        byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca2.certificate(), cert.getSerialNumber()));
        // other threads keep asking for the same certificate, so answers are being produced
        // and cached while the status changes
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong background = new AtomicLong();
        List<Thread> askers = new ArrayList<>();
        // what goes wrong in an asker (an exception, or an answer that is not a successful one)
        // is kept here and failed on after the join, not lost on the thread's default handler
        List<Throwable> askerFailures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        int status = OcspChecks.status(responder.respond(req));
                        if (status != 0) {
                            throw new AssertionError("background answer with response status " + status);
                        }
                        background.incrementAndGet();
                    }
                } catch (Throwable e) {
                    askerFailures.add(e);
                }
            });
            th.start();
            askers.add(th);
        }
        int stale = 0;
        try {
            for (int round = 0; round < 200; round++) {
                Instant when = T0.minusSeconds(round);
                ca2.block(cert, when);
                CertificateStatus blocked = single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus();
                if (!(blocked instanceof RevokedStatus) || ((RevokedStatus) blocked).getRevocationReason() != 6
                        || !((RevokedStatus) blocked).getRevocationTime().equals(Date.from(when))) {
                    stale++;
                }
                ca2.unblock(cert);
                if (single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus() != CertificateStatus.GOOD) {
                    stale++;
                }
            }
        } finally {
            stop.set(true);
            for (Thread th : askers) {
                th.join();
            }
        }
        if (!askerFailures.isEmpty()) {
            AssertionError failed = new AssertionError(askerFailures.size() + " failure(s) in the background askers",
                    askerFailures.get(0));
            askerFailures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
        assertEquals(0, stale, "stale answers");
        assertTrue(background.get() > 0);
        ca2.revoke(cert, T0, RevocationReason.CESSATION_OF_OPERATION);
        assertEquals(RevocationReason.CESSATION_OF_OPERATION.code(),
                assertInstanceOf(RevokedStatus.class, single(OcspChecks.verified(responder.respond(req), ca2)).getCertStatus())
                        .getRevocationReason());
    }

    @Test
    void signerFailuresBecomeTryLaterOrInternalError() {
        X509Certificate cert = ca1.issue("failing");
        byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber()));
        OcspIssuer busy = new OcspIssuer(ca1.certificate(), List.of(ca1.ocspSigner()), () -> {
            throw new HsmException(HsmFault.POOL_EXHAUSTED, "no signer free");
        }, pki.statuses());
        assertArrayEquals(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x03},
                OcspResponder.builder().clock(new MutableClock(T0)).issuer(busy).build().respond(req));
        OcspIssuer broken = new OcspIssuer(ca1.certificate(), List.of(ca1.ocspSigner()), () -> {
            throw new IllegalStateException("boom");
        }, pki.statuses());
        assertArrayEquals(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x02},
                OcspResponder.builder().clock(new MutableClock(T0)).issuer(broken).build().respond(req));
    }

    @Test
    void configurationIsCheckedWhenBuilt() {
        // a signer certificate issued by another CA
        assertThrows(InvalidOcspConfigurationException.class, () -> new OcspIssuer(ca1.certificate(),
                List.of(ca2.ocspSigner()), ca2.signerPool()::contentSigner, pki.statuses()));
        // a certificate of the right CA without id-kp-OCSPSigning
        X509Certificate plain = ca1.issue("not-an-ocsp-signer");
        assertThrows(InvalidOcspConfigurationException.class, () -> new OcspIssuer(ca1.certificate(),
                List.of(plain), ca1.signerPool()::contentSigner, pki.statuses()));
        // right name, wrong key: same subject DN as ca1, signed by ca2's key
        X509Certificate forged = OcspTestPki.build(ca1.certificate(), OcspTestPki.ecKeys(),
                new X500Name("CN=forged"), BigInteger.TEN, ca1.ocspSigner().getPublicKey(), false, KeyPurposeId.id_kp_OCSPSigning);
        assertThrows(InvalidOcspConfigurationException.class, () -> new OcspIssuer(ca1.certificate(),
                List.of(forged), ca1.signerPool()::contentSigner, pki.statuses()));
        assertThrows(InvalidOcspConfigurationException.class, () -> OcspResponder.builder().issuer(ca1.issuer()).build());
        assertThrows(InvalidOcspConfigurationException.class, () -> OcspResponder.builder().clock(new MutableClock(T0)).build());
        assertThrows(InvalidOcspConfigurationException.class, () -> OcspResponder.builder().issuer(ca1.issuer()).issuer(ca1.issuer()));
        assertThrows(InvalidOcspConfigurationException.class, () -> OcspResponder.builder().validity(Duration.ofSeconds(1)));
        assertNotEquals(null, OcspResponder.builder().clock(new MutableClock(T0)).issuer(ca1.issuer()).build());
    }
}
