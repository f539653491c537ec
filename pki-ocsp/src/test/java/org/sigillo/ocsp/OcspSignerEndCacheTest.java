package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.testing.MutableClock;

/**
 * A pre-produced answer made shortly before the OCSP signer certificate ends carries a nextUpdate
 * capped at the signer's notAfter; the cache must not keep it past half a validity before that
 * nextUpdate, so it is never served once its nextUpdate has passed (RFC 6960 4.2.2.1, RFC 5019 4:
 * such an answer is not current) and an expired signer answers internalError, as the README says.
 */
class OcspSignerEndCacheTest {
    private static OcspTestPki pki;
    private static OcspTestPki.Ca ca1;

    @BeforeAll
    static void pki() {
        pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "Signer End CA");
        ca1 = pki.ca(0);
    }

    @AfterAll
    static void close() {
        pki.vault().close();
    }

    @Test
    void aPreProducedAnswerIsNeverServedPastItsNextUpdate() throws Exception {
        X509Certificate cert = ca1.issue("signer-end-cached");
        CertificateID id = OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber());
        byte[] req = OcspRequests.request(null, id);
        Instant end = ca1.ocspSigner().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(end.minus(Duration.ofMinutes(10)));
        OcspResponder responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .issuer(ca1.issuer()).build();
        OcspReply first = responder.answer(req);
        assertEquals(OcspResponseStatus.SUCCESSFUL, first.status());
        assertEquals(end, first.nextUpdate().orElseThrow(), "nextUpdate capped at the signer's notAfter");

        clock.advance(Duration.ofMinutes(15)); // 5 minutes past the signer's end, 15 of the 30 cached minutes
        Instant now = clock.instant();
        OcspReply later = responder.answer(req);
        if (later.status() == OcspResponseStatus.SUCCESSFUL) {
            BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(later.der()).getResponseObject();
            Instant next = basic.getResponses()[0].getNextUpdate().toInstant();
            assertTrue(next.isAfter(now), "served an answer whose nextUpdate " + next + " is before now " + now);
        }
        assertEquals(OcspResponseStatus.INTERNAL_ERROR, later.status(), "an expired signer answers nothing but internalError");
    }

    @Test
    void anAnswerCappedAtTheSignerEndIsNotKeptPastHalfTheValidityLeft() throws Exception {
        X509Certificate cert = ca1.issue("signer-end-half");
        byte[] req = OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), cert.getSerialNumber()));
        Instant end = ca1.ocspSigner().getNotAfter().toInstant();
        MutableClock clock = new MutableClock(end.minus(Duration.ofMinutes(50)));
        OcspResponder responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .issuer(ca1.issuer()).build();
        OcspReply first = responder.answer(req);
        assertEquals(end, first.nextUpdate().orElseThrow());
        clock.advance(Duration.ofMinutes(25)); // 25 minutes of nextUpdate left: less than half the validity
        OcspReply later = responder.answer(req);
        assertEquals(OcspResponseStatus.SUCCESSFUL, later.status());
        long left = Duration.between(clock.instant(), later.nextUpdate().orElseThrow()).toMinutes();
        assertTrue(later.thisUpdate().orElseThrow().equals(clock.instant()),
                "a fresh answer, not the one pre-produced 25 minutes ago with " + left + " minutes left");
    }
}
