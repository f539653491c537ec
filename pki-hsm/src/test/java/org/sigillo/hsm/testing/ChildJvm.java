package org.sigillo.hsm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a new JVM with this JVM's class path, the PKCS#11 export flag
 * and extra environment: for tests that need a new process (restart, crash, isolated token).
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What the child printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    public static ProcessBuilder builder(Class<?> main, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs the child to completion (at most two minutes). */
    public static Result run(Class<?> main, Map<String, String> env, String... args) {
        try {
            Process p = builder(main, env, args).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("child JVM " + main.getName() + " did not finish in 2 minutes");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
