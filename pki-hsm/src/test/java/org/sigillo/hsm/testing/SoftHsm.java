package org.sigillo.hsm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;

/**
 * Real SoftHSM2 tokens for tests, shared by every module through pki-hsm's test-jar.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} and scans its tokens only once per process, in
 * C_Initialize. So, per test JVM, this fixture wipes the directory that Surefire's
 * {@code SOFTHSM2_CONF} points into (one per fork, under {@code target/}), writes the
 * configuration and initialises a set of fresh tokens <em>before</em> the first PKCS#11 call;
 * {@link #freshToken()} then hands out a never-used token to each test that asks. For a token
 * seen from a child JVM (restart and crash tests), {@link #isolated(Path, String...)} prepares
 * a separate configuration and token directory to pass in the child's environment.
 *
 * <p>This is the one static holder in the code base, because the native library's own state
 * is per process.
 */
public final class SoftHsm {
    /** Debian's SoftHSM2 module. */
    public static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    /** The user PIN of every test token. */
    public static final String USER_PIN = "87654321";
    /** The security officer PIN of every test token. */
    public static final String SO_PIN = "12345678";
    /**
     * Tokens per test JVM (each TestPki takes one). pki-core's tests took all 56 of the old
     * figure in one CI run; making one costs ~25 ms, so there is room to spare.
     */
    private static final int TOKENS = 128;

    private static SoftHsm instance;

    private final Path conf;
    private final List<String> free = new ArrayList<>();

    /** A token ready for use: open it with {@link #openVault()} or use its {@link #settings()}. */
    public record TestToken(String label, Path conf) {
        public Pkcs11Settings settings() {
            return Pkcs11Settings.builder().module(MODULE).tokenLabel(label).pin(USER_PIN.toCharArray()).build();
        }

        /** Opens the token, and wipes the settings' PIN once it is open, as the command does. */
        public KeyVault openVault() {
            Pkcs11Settings settings = settings();
            try {
                return KeyVault.openPkcs11(settings);
            } finally {
                settings.wipePin();
            }
        }
    }

    private SoftHsm(Path conf) {
        this.conf = conf;
    }

    /** The fixture of this JVM, creating its tokens on first use. */
    public static synchronized SoftHsm get() {
        if (instance == null) {
            requireInstalled();
            String env = System.getenv("SOFTHSM2_CONF");
            if (env == null || env.isBlank()) {
                throw new IllegalStateException("SOFTHSM2_CONF is not set for this test JVM: run the tests through Maven "
                        + "(the parent pom sets it per Surefire fork), or set it before the JVM starts");
            }
            Path conf = Path.of(env).toAbsolutePath();
            SoftHsm h = new SoftHsm(conf);
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= TOKENS; i++) {
                labels.add(String.format("fresh-%02d", i));
            }
            writeTokens(conf.getParent(), labels);
            h.free.addAll(labels);
            instance = h;
        }
        return instance;
    }

    /** A token that no other test in this JVM has used. */
    public synchronized TestToken freshToken() {
        if (free.isEmpty()) {
            throw new IllegalStateException("all " + TOKENS + " pre-made SoftHSM2 tokens of this JVM are in use; "
                    + "raise SoftHsm.TOKENS (tokens must exist before the first PKCS#11 call)");
        }
        return new TestToken(free.remove(0), conf);
    }

    /**
     * Prepares a separate SoftHSM2 configuration in {@code dir} with tokens of the given labels,
     * for a child JVM: start it with the returned environment.
     */
    public static Map<String, String> isolated(Path dir, String... labels) {
        requireInstalled();
        writeTokens(dir, List.of(labels));
        return Map.of("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toAbsolutePath().toString());
    }

    /**
     * Initialises one more token in an existing configuration. The module instance already
     * loaded in this JVM never sees it; a vault opened afterwards does (it falls back to a
     * private module instance), and so do new processes.
     */
    public static void initToken(Path conf, String label) {
        run(conf, "softhsm2-util", "--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN);
    }

    /** Deletes the token with this label from a configuration (its directory goes). */
    public static void deleteToken(Path conf, String label) {
        run(conf, "softhsm2-util", "--delete-token", "--token", label);
    }

    private static void writeTokens(Path dir, List<String> labels) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path tokens = Files.createDirectories(dir.resolve("tokens"));
            Path conf = dir.resolve("softhsm2.conf");
            Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
            for (String label : labels) {
                initToken(conf, label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path conf, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("SOFTHSM2_CONF", conf.toAbsolutePath().toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireInstalled() {
        if (!Files.isRegularFile(MODULE)) {
            throw new IllegalStateException("SoftHSM2 is not installed (" + MODULE + " missing): run ./run-tests, "
                    + "which installs it with apt-get install softhsm2");
        }
    }
}
