package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Timeout;
import org.sigillo.profile.CsrRejectedException;
import org.sigillo.profile.CsrVerifier;
import org.sigillo.profile.KeyPolicy;

/**
 * Fuzzes {@link CsrVerifier#verify}: any bytes (DER or PEM) give a key that passes
 * {@link KeyPolicy}, or a {@link CsrRejectedException} with its reason; nothing else (weak keys
 * come out as a {@code WEAK_KEY} rejection, never as a bare {@code WeakKeyException}).
 */
class CsrFuzzTest {
    private static final CsrVerifier VERIFIER = new CsrVerifier();

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void verify(byte[] input) {
        run(input);
    }

    /** The property, for any input (also used by {@link CoreParsersFuzzTest}). */
    static void run(byte[] input) {
        SubjectPublicKeyInfo key;
        try {
            key = VERIFIER.verify(input);
        } catch (CsrRejectedException e) {
            assertNotNull(e.reason());
            return;
        }
        assertNotNull(KeyPolicy.check(key));
    }
}
