package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.InvalidCodiceFiscaleException;

/**
 * Fuzzes {@link CodiceFiscale#parse}: any text gives a codice fiscale whose forms parse back to
 * the same person, or an {@link InvalidCodiceFiscaleException} with its defect; nothing else.
 * Seeds and regression inputs: {@code CodiceFiscaleFuzzTestInputs/parse/} in the test resources.
 */
class CodiceFiscaleFuzzTest {

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void parse(byte[] input) {
        run(input);
    }

    /** The property, for any input (also used by {@link CoreParsersFuzzTest}). */
    static void run(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        CodiceFiscale cf;
        try {
            cf = CodiceFiscale.parse(text);
        } catch (InvalidCodiceFiscaleException e) {
            assertNotNull(e.defect());
            return;
        }
        assertEquals(CodiceFiscale.LENGTH, cf.asGiven().length());
        assertEquals(cf, CodiceFiscale.parse(cf.asGiven()));
        assertEquals(cf, CodiceFiscale.parse(cf.canonical()));
        assertEquals(cf.canonical(), CodiceFiscale.parse(cf.canonical()).asGiven());
        assertTrue(cf.birthDay() >= 1 && cf.birthDay() <= 31, cf::toString);
        assertTrue(cf.birthYearOfCentury() >= 0 && cf.birthYearOfCentury() <= 99, cf::toString);
        assertNotNull(cf.birthMonth());
    }
}
