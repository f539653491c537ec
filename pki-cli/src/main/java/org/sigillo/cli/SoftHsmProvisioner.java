package org.sigillo.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.HsmFault;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;

/**
 * Sets up the SoftHSM2 token of a Sigillo home: the configuration file that the launcher
 * puts in {@code SOFTHSM2_CONF}, the token directory, and a token initialised with
 * {@code softhsm2-util} (in a child process, before this JVM's first PKCS#11 call, because
 * SoftHSM2 scans its tokens only once per process). The user PIN is random and kept in a
 * file readable by the owner only; the SO PIN is random and not kept.
 */
final class SoftHsmProvisioner {
    static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String TOKEN_LABEL = "sigillo-ca";

    private SoftHsmProvisioner() {
    }

    /** Writes the configuration and initialises the token; returns the user PIN. */
    static char[] provision(Path conf, Path pinFile) {
        if (!Files.isRegularFile(MODULE)) {
            throw new HsmException(HsmFault.MODULE_NOT_FOUND, "SoftHSM2 is not installed (" + MODULE
                    + " missing): apt-get install softhsm2, or use --hsm software for development");
        }
        String env = System.getenv("SOFTHSM2_CONF");
        if (env == null || !Path.of(env).toAbsolutePath().normalize().equals(conf.toAbsolutePath().normalize())) {
            throw new HsmException(HsmFault.TOKEN_NOT_FOUND, "SOFTHSM2_CONF must point to " + conf.toAbsolutePath()
                    + " before Java starts; run through the ./sigillo launcher");
        }
        try {
            Path tokens = Files.createDirectories(conf.getParent().resolve("tokens"));
            Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
            char[] pin = randomDigits(12);
            char[] so = randomDigits(12);
            initToken(conf, TOKEN_LABEL, pin, so);
            Arrays.fill(so, '\0');
            Files.deleteIfExists(pinFile);
            Files.createFile(pinFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pinFile, new String(pin), StandardCharsets.US_ASCII);
            return pin;
        } catch (IOException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot set up SoftHSM2 under " + conf.getParent() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Initialises one more token in the home's configuration with the same user PIN (a
     * simulated smart card for the demo). Must run before this JVM's first PKCS#11 call.
     */
    static void provisionExtra(Path conf, String label, char[] pin) {
        char[] so = randomDigits(12);
        try {
            initToken(conf, label, pin, so);
        } catch (IOException e) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "cannot initialise SoftHSM2 token " + label + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(so, '\0');
        }
    }

    /** Opens a token of the home's SoftHSM2 by label with the home's PIN. */
    static KeyVault open(Path pinFile, String label) {
        char[] pin = readPin(pinFile);
        Pkcs11Settings settings;
        try {
            settings = Pkcs11Settings.builder().module(MODULE).tokenLabel(label).pin(pin).build();
        } finally {
            Arrays.fill(pin, '\0');
        }
        try {
            return KeyVault.openPkcs11(settings);
        } finally {
            settings.wipePin(); // the vault holds its own copy, wiped when it closes
        }
    }

    /** Reads the user PIN kept by {@link #provision}. */
    static char[] readPin(Path pinFile) {
        try {
            return Files.readString(pinFile, StandardCharsets.US_ASCII).trim().toCharArray();
        } catch (IOException e) {
            throw new HsmException(HsmFault.WRONG_PIN, "cannot read the token PIN file " + pinFile + ": " + e.getMessage(), e);
        }
    }

    private static char[] randomDigits(int n) {
        SecureRandom r = new SecureRandom();
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('0' + r.nextInt(10));
        }
        return c;
    }

    /**
     * Initialises a free token with {@code label}, SO PIN {@code so} and user PIN {@code pin},
     * the PINs typed in rather than given as arguments: on the command line any local user would
     * read them in {@code /proc/<pid>/cmdline}. {@code softhsm2-util} reads a PIN from a terminal
     * only, so it runs under {@code script} (util-linux, on every Debian), which gives it one and
     * feeds it this process's pipe. The terminal echoes what it is fed, so the PINs are blanked
     * out of the output before it can reach an error message.
     */
    private static void initToken(Path conf, String label, char[] pin, char[] so) throws IOException {
        if (!label.matches("[A-Za-z0-9_-]{1,32}")) { // it goes through script's shell
            throw new IllegalArgumentException("token label must be 1-32 of [A-Za-z0-9_-], was: " + label);
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", "softhsm2-util --init-token --free --label " + label, "/dev/null")
                .redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toAbsolutePath().toString());
        Process p = pb.start();
        byte[] typed = (new String(so) + "\n" + new String(so) + "\n" + new String(pin) + "\n" + new String(pin) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream in = p.getOutputStream()) {
            in.write(typed);
        } finally {
            Arrays.fill(typed, (byte) 0);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replace(new String(pin), "<hidden>").replace(new String(so), "<hidden>");
        try {
            if (p.waitFor() != 0) {
                throw new HsmException(HsmFault.DEVICE_ERROR, "softhsm2-util --init-token failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmException(HsmFault.DEVICE_ERROR, "interrupted while initialising the SoftHSM2 token", e);
        }
    }
}
