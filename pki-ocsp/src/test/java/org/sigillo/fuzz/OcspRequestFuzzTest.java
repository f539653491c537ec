package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.sigillo.ocsp.OcspReply;
import org.sigillo.ocsp.OcspResponder;

/**
 * Fuzzes the OCSP request parser through {@link OcspResponder#answer}: any bytes (raw, or a
 * valid request edited, see {@link OcspFixture#request}) give a DER OCSPResponse that Bouncy
 * Castle reads, with status successful, malformedRequest or unauthorized (never internalError
 * or tryLater, which would mean an exception inside), and {@code respond} gives the same bytes.
 */
class OcspRequestFuzzTest {

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void answer(byte[] input) {
        run(input);
    }

    /** The property, for any input (also used by {@link OcspParsersFuzzTest}). */
    static void run(byte[] input) {
        OcspFixture f = OcspFixture.get();
        byte[] request = f.request(input);
        OcspReply reply = f.responder.answer(request);
        int status = OcspFixture.assertOcspResponse(reply.der());
        assertEquals(status, reply.status().code());
        if (status != 0) {
            // a refusal is the bare status, the same for the same input
            assertArrayEquals(reply.der(), f.responder.respond(request));
        }
    }
}
