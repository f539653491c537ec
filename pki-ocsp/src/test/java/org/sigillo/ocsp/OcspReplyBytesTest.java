package org.sigillo.ocsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.testing.MutableClock;

/**
 * An {@link OcspReply} is immutable: a caller that changes the array it passed in, or the array
 * {@link OcspReply#der()} gave it, does not change the signed answer the responder caches and
 * serves to every other client.
 */
class OcspReplyBytesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static OcspTestPki pki;
    private static OcspTestPki.Ca ca;

    @BeforeAll
    static void pki() {
        pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "Reply Bytes CA");
        ca = pki.ca(0);
    }

    @AfterAll
    static void close() {
        pki.vault().close();
    }

    private static byte[] request(String name) {
        X509Certificate cert = ca.issue(name);
        return OcspRequests.request(null, OcspRequests.sha1(ca.certificate(), cert.getSerialNumber()));
    }

    @Test
    void changingTheReturnedBytesLeavesTheCachedAnswerSigned() {
        OcspResponder responder = OcspResponder.builder().clock(new MutableClock(T0)).validity(Duration.ofHours(1))
                .issuer(ca.issuer()).build();
        byte[] req = request("cached-reply");
        OcspReply reply = responder.answer(req);
        byte[] original = reply.der();
        OcspChecks.verified(original, ca);

        byte[] handedOut = reply.der();
        Arrays.fill(handedOut, (byte) 0);
        OcspReply again = responder.answer(req);
        assertSame(reply, again, "the pre-produced answer is served again");
        assertArrayEquals(original, again.der(), "the cached answer is unchanged");
        assertArrayEquals(original, responder.respond(req));
        OcspChecks.verified(again.der(), ca);
        assertEquals(reply.etag(), again.etag());
    }

    @Test
    void changingTheBytesPassedInLeavesTheReplyUnchanged() throws Exception {
        OcspResponder responder = OcspResponder.builder().clock(new MutableClock(T0)).issuer(ca.issuer()).build();
        byte[] der = responder.respond(request("constructed-reply"));
        byte[] original = der.clone();
        OcspReply reply = new OcspReply(der, OcspResponseStatus.SUCCESSFUL, Optional.of(T0),
                Optional.of(T0.plus(Duration.ofHours(1))), ETags.of(der));

        der[der.length - 1] ^= 0x01; // the last byte of the signature
        Arrays.fill(der, 0, 8, (byte) 0);
        assertArrayEquals(original, reply.der());
        assertEquals(OCSPResp.SUCCESSFUL, new OCSPResp(reply.der()).getStatus());
        OcspChecks.verified(reply.der(), ca);
        assertEquals(reply, new OcspReply(original, reply.status(), reply.thisUpdate(), reply.nextUpdate(), reply.etag()),
                "equal by content");
    }

    @Test
    void changingAFailureAnswerLeavesTheSharedOneUnchanged() {
        OcspResponder responder = OcspResponder.builder().clock(new MutableClock(T0)).issuer(ca.issuer()).build();
        byte[] garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
        OcspReply malformed = responder.answer(garbage);
        assertEquals(OcspResponseStatus.MALFORMED_REQUEST, malformed.status());
        Arrays.fill(malformed.der(), (byte) 0);
        assertEquals(OCSPResp.MALFORMED_REQUEST, OcspChecks.status(responder.answer(garbage).der()));
        assertEquals(OCSPResp.MALFORMED_REQUEST, OcspChecks.status(responder.respond(garbage)));
    }

    @Test
    void theHttpHandlerReadsTheBytesWithoutACopy() {
        OcspResponder responder = OcspResponder.builder().clock(new MutableClock(T0)).issuer(ca.issuer()).build();
        OcspReply reply = responder.answer(request("shared-reply"));
        assertSame(reply.sharedDer(), reply.sharedDer(), "no copy on the served path");
        assertNotSame(reply.sharedDer(), reply.der());
        assertArrayEquals(reply.sharedDer(), reply.der());
    }
}
