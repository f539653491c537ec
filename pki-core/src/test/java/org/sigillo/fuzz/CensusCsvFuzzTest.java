package org.sigillo.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.CensusError;
import org.sigillo.registry.CensusRejectedException;

/**
 * Fuzzes {@link CensusCsvParser}: any text gives a {@link Census} or a
 * {@link CensusRejectedException} listing at least one error, each with a line inside the
 * text, and the reader entry point agrees with the string one; nothing else is thrown.
 */
class CensusCsvFuzzTest {
    private static final CensusCsvParser PARSER = new CensusCsvParser();

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void parse(byte[] input) throws IOException {
        run(input);
    }

    /** The property, for any input (also used by {@link CoreParsersFuzzTest}). */
    static void run(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        String first = outcome(() -> PARSER.parse(text), text);
        String second = outcome(() -> PARSER.parse(new StringReader(text)), text);
        assertEquals(first, second, "string and reader entry points disagree");
    }

    private interface Parse {
        Census run() throws IOException, CensusRejectedException;
    }

    private static String outcome(Parse parse, String text) throws IOException {
        try {
            Census census = parse.run();
            assertNotNull(census.ente());
            assertTrue(census.workstations().size() <= census.declaredWorkstations() + 1, census::toString);
            return "accepted " + census;
        } catch (CensusRejectedException e) {
            assertFalse(e.errors().isEmpty(), "a rejection without errors");
            long lines = text.lines().count() + 1;
            for (CensusError error : e.errors()) {
                assertTrue(error.line() >= 0 && error.line() <= lines, error::toString);
            }
            return "rejected " + e.errors();
        }
    }
}
