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
 * Both pki-ocsp targets in one fuzz test, so that CI fuzzes them in one JVM: an even first byte
 * picks the request parser ({@link OcspRequestFuzzTest}), an odd one the HTTP handler
 * ({@link OcspHttpFuzzTest}); the rest is that target's input, and the seeds are theirs.
 */
class OcspParsersFuzzTest {

    static Stream<Arguments> seeds() {
        List<Arguments> all = new ArrayList<>();
        for (byte[] seed : Seeds.of(OcspRequestFuzzTest.class, "answer")) {
            all.add(Arguments.of((Object) Seeds.prefixed(0, seed)));
        }
        for (byte[] seed : Seeds.of(OcspHttpFuzzTest.class, "handle")) {
            all.add(Arguments.of((Object) Seeds.prefixed(1, seed)));
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
        if ((input[0] & 1) == 0) {
            OcspRequestFuzzTest.run(rest);
        } else {
            OcspHttpFuzzTest.run(rest);
        }
    }
}
