package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.cert.ocsp.OCSPResp;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspRequests;
import org.sigillo.ocsp.OcspResponder;
import org.sigillo.ocsp.OcspTestPki;

/**
 * One responder for the OCSP fuzz and hostile-input tests: two served CAs with their signers on
 * a fresh SoftHSM2 token, a good, a revoked and an unrecorded certificate, and valid requests
 * about them as templates for the fuzzer to edit (the keys are new on every run, so a stored
 * seed can name a served CA only through a template). Made once per JVM.
 */
final class OcspFixture {
    /** The request size limit of {@link #handler}: small, so that fuzzed bodies reach it. */
    static final int MAX_REQUEST_BYTES = 512;
    /** Response statuses an answer to any input may have: successful, malformedRequest, unauthorized. */
    static final List<Integer> EXPECTED_STATUSES = List.of(0, 1, 6);

    private static OcspFixture instance;

    final OcspTestPki pki;
    final OcspResponder responder;
    final OcspHttpHandler handler;
    /** Valid requests: one SHA-1 CertID without nonce (the pre-produced path), two SHA-256 CertIDs with a nonce, and one of a CA not served. */
    final List<byte[]> templates;

    private OcspFixture() {
        pki = new OcspTestPki(SoftHsm.get().freshToken().openVault(), "Fuzz CA 1", "Fuzz CA 2", "Fuzz Unserved");
        OcspTestPki.Ca ca1 = pki.ca(0);
        OcspTestPki.Ca ca2 = pki.ca(1);
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        responder = OcspResponder.builder().clock(clock).validity(Duration.ofHours(1))
                .issuer(ca1.issuer()).issuer(ca2.issuer()).build();
        handler = new OcspHttpHandler(responder, clock, MAX_REQUEST_BYTES);
        X509Certificate good = ca1.issue("fuzz-good");
        X509Certificate revoked = ca1.issue("fuzz-revoked");
        ca1.revoke(revoked, Instant.parse("2026-05-01T00:00:00Z"), RevocationReason.KEY_COMPROMISE);
        X509Certificate unrecorded = ca1.issueUnrecorded("fuzz-unrecorded");
        templates = List.of(
                OcspRequests.request(null, OcspRequests.sha1(ca1.certificate(), good.getSerialNumber())),
                OcspRequests.request(new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                        OcspRequests.sha256(ca1.certificate(), revoked.getSerialNumber()),
                        OcspRequests.sha256(ca1.certificate(), unrecorded.getSerialNumber())),
                OcspRequests.request(null, OcspRequests.sha1(pki.ca(2).certificate(), good.getSerialNumber())));
    }

    static synchronized OcspFixture get() {
        if (instance == null) {
            instance = new OcspFixture();
        }
        return instance;
    }

    /**
     * The request an input stands for: {@code input[0] % 4} is 0 for the rest of the input as
     * it is, else template {@code input[0] % 4 - 1} with the rest read as edits, three bytes
     * each (a 16-bit position, modulo the length, and the byte to put there).
     */
    byte[] request(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        int mode = (input[0] & 0xFF) % 4;
        if (mode == 0) {
            return Arrays.copyOfRange(input, 1, input.length);
        }
        byte[] r = templates.get(mode - 1).clone();
        for (int i = 1; i + 2 < input.length; i += 3) {
            int pos = (((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF)) % r.length;
            r[pos] = input[i + 2];
        }
        return r;
    }

    /** Asserts that {@code der} is an OCSPResponse with an expected status; returns the status. */
    static int assertOcspResponse(byte[] der) {
        try {
            int status = new OCSPResp(der).getStatus();
            assertTrue(EXPECTED_STATUSES.contains(status), "response status " + status);
            return status;
        } catch (IOException e) {
            throw new AssertionError("not an OCSPResponse", e);
        }
    }
}
