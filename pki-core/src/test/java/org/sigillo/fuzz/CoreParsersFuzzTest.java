package org.sigillo.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All four pki-core targets in one fuzz test, so that CI fuzzes them all in one JVM (Jazzer
 * fuzzes one test per JVM, and starting it costs more than the short run itself): the first
 * byte picks the target ({@code 0} codice fiscale, {@code 1} census CSV, {@code 2} CSR,
 * {@code 3} validator DER), the rest is that target's input. The seeds are the four targets'
 * own inputs; a long run of one target uses that target's own test (see SECURITY.md).
 */
class CoreParsersFuzzTest {

    /** The targets, by selector. */
    private static final List<Class<?>> TARGETS = List.of(
            CodiceFiscaleFuzzTest.class, CensusCsvFuzzTest.class, CsrFuzzTest.class, ValidatorDerFuzzTest.class);
    private static final List<String> METHODS = List.of("parse", "parse", "verify", "check");

    static Stream<Arguments> seeds() {
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < TARGETS.size(); i++) {
            for (byte[] seed : Seeds.of(TARGETS.get(i), METHODS.get(i))) {
                all.add(Arguments.of((Object) Seeds.prefixed(i, seed)));
            }
        }
        return all.stream();
    }

    @Timeout(value = FuzzSettings.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSettings.MAX_DURATION)
    void fuzz(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        switch ((input[0] & 0xFF) % TARGETS.size()) {
            case 0:
                CodiceFiscaleFuzzTest.run(rest);
                break;
            case 1:
                CensusCsvFuzzTest.run(rest);
                break;
            case 2:
                CsrFuzzTest.run(rest);
                break;
            default:
                ValidatorDerFuzzTest.run(rest);
        }
    }
}
