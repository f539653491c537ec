package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.sigillo.registry.Environment;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.RefusalReason;
import org.sigillo.validation.Slot;

/**
 * Fuzzes the DER input of {@link DualCheckValidator}: the first byte picks the slot (even: the
 * workstation certificate is the rest of the input and the card is the corpus's good card; odd:
 * the other way round). Every input gives a {@link CheckResult}, never an exception; the
 * caching and the uncached validator give the same answer (twice, so the second answer of the
 * cache is checked too); the good card is never refused as malformed when the
 * workstation certificate is the fuzzed one; and an accepted pair names the corpus's person and ente.
 */
class ValidatorDerFuzzTest {
    private static final ValidatorFixture FIXTURE = new ValidatorFixture();
    private static final DualCheckValidator CACHED = FIXTURE.validator(1000);
    private static final DualCheckValidator UNCACHED = FIXTURE.validator(0);

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void check(byte[] input) {
        run(input);
    }

    /** The property, for any input (also used by {@link CoreParsersFuzzTest}). */
    static void run(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean cardSlot = (input[0] & 1) == 1;
        byte[] fuzzed = Arrays.copyOfRange(input, 1, input.length);
        byte[] ws = cardSlot ? FIXTURE.workstation : fuzzed;
        byte[] card = cardSlot ? fuzzed : FIXTURE.card;

        CheckResult uncached = UNCACHED.check(ws, card, Environment.PRODUZIONE);
        CheckResult first = CACHED.check(ws, card, Environment.PRODUZIONE);
        CheckResult second = CACHED.check(ws, card, Environment.PRODUZIONE);
        assertNotNull(uncached);
        assertEquals(uncached, first);
        assertEquals(uncached, second);
        if (uncached instanceof CheckResult.Refused) {
            CheckResult.Refused r = (CheckResult.Refused) uncached;
            assertNotNull(r.reason());
            if (!cardSlot) {
                // the good card is only looked at once the fuzzed workstation passed its checks
                assertTrue(r.slot() == Slot.WORKSTATION || r.reason() != RefusalReason.MALFORMED_INPUT, r::toString);
            }
        } else {
            CheckResult.Accepted a = (CheckResult.Accepted) uncached;
            assertEquals(ValidatorFixture.CF, a.principal().codiceFiscale());
            assertEquals(ValidatorFixture.ENTE, a.principal().ente());
        }
    }
}
