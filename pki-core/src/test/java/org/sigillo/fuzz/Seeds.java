package org.sigillo.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The seed and regression inputs of a fuzz test, where Jazzer keeps them: the test resource
 * directory {@code <package>/<TestClass>Inputs/<method>/}, one input per file.
 */
public final class Seeds {
    private Seeds() {
    }

    /** Every input of {@code testClass}'s fuzz test {@code method}, in file name order. */
    public static List<byte[]> of(Class<?> testClass, String method) {
        URL url = testClass.getResource(testClass.getSimpleName() + "Inputs/" + method);
        if (url == null) {
            throw new IllegalStateException("no inputs directory for " + testClass.getName() + "." + method);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<byte[]> seeds = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                seeds.add(Files.readAllBytes(f));
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code selector} followed by {@code seed}: the form a multi-target fuzz test takes. */
    public static byte[] prefixed(int selector, byte[] seed) {
        byte[] out = new byte[seed.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(seed, 0, out, 1, seed.length);
        return out;
    }
}
