package org.sigillo.hsm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.sigillo.hsm.testing.SoftHsm;

/**
 * The child-JVM side of {@link VaultRestartTest} and {@link TokenOutageTest}: runs one scenario
 * against the SoftHSM2 configuration in its environment and prints one line per observation
 * ({@code KEY value...}) for the parent to check.
 */
public final class VaultChild {
    private VaultChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(args[1]);
            case "sign" -> sign(args[1], HexFormat.of().parseHex(args[2]));
            case "outage" -> outage(Path.of(args[1]), args[2], args[3]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    static KeyVault open(String token) {
        return openAndWipe(Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(token)
                .pin(SoftHsm.USER_PIN.toCharArray()).reconnectBackoff(Duration.ZERO).build());
    }

    /**
     * Opens the vault and wipes the settings' PIN at once, as the command does: every
     * reconnection these children make then proves the vault logs in again with its own copy.
     */
    static KeyVault openAndWipe(Pkcs11Settings settings) {
        try {
            return KeyVault.openPkcs11(settings);
        } finally {
            settings.wipePin();
        }
    }

    private static void generate(String token) {
        try (KeyVault vault = open(token)) {
            print("PUB", "rsa", b64(vault.generate("rsa", KeySpec.RSA_3072).publicKey().getEncoded()));
            print("PUB", "ec", b64(vault.generate("ec", KeySpec.EC_P256).publicKey().getEncoded()));
        }
    }

    private static void sign(String token, byte[] data) {
        try (KeyVault vault = open(token)) {
            print("LIST", vault.list().stream().map(k -> k.label() + ":" + k.spec()).collect(Collectors.joining(",")));
            for (String label : List.of("rsa", "ec")) {
                VaultKey key = vault.require(label);
                print("FOUND", label, key.spec().name(), b64(key.publicKey().getEncoded()));
                SignerPool pool = vault.signerPool(label, key.spec().defaultSignatureAlgorithm());
                print("SIG", label, b64(pool.sign(data)));
            }
        }
    }

    /**
     * Token outages while the engine runs: the token directory of {@code moved} is moved away
     * and back; the token {@code deleted} is deleted with softhsm2-util and re-initialised
     * (empty, then with another PIN).
     */
    private static void outage(Path tokensDir, String moved, String deleted) throws Exception {
        Path conf = tokensDir.getParent().resolve("softhsm2.conf");
        Path movedDir = tokenDirectory(tokensDir, moved);
        byte[] data = "outage test data".getBytes(StandardCharsets.US_ASCII);

        KeyVault vault = open(moved);
        VaultKey key = vault.generate("ec", KeySpec.EC_P256);
        SignerPool pool = vault.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA);
        print("PUB", "ec", b64(key.publicKey().getEncoded()));
        print("SIG", "before", b64(pool.sign(data)));
        KeyVault other = open(deleted);
        other.generate("other", KeySpec.EC_P256);
        SignerPool otherPool = other.signerPool("other", SignatureAlgorithm.SHA256_WITH_ECDSA);
        otherPool.sign(data);

        // A second vault on the same token that waits a minute between reconnection attempts,
        // on a clock the test moves by hand.
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        KeyVault patient = openAndWipe(Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(moved)
                .pin(SoftHsm.USER_PIN.toCharArray()).reconnectBackoff(Duration.ofMinutes(1)).clock(clock).build());
        SignerPool patientPool = patient.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA);
        patientPool.sign(data);

        Path away = tokensDir.getParent().resolve("moved-away");
        Files.move(movedDir, away);
        attempt("BACKOFF-FIRST", () -> patientPool.sign(data));
        clock.advance(Duration.ofSeconds(30));
        attempt("BACKOFF-WAITING", () -> patientPool.sign(data));
        attempt("REMOVED-SIGN", () -> pool.sign(data));
        attempt("REMOVED-SIGN-AGAIN", () -> pool.sign(data));
        attempt("REMOVED-CONTENT-SIGNER", () -> {
            var cs = pool.contentSigner();
            cs.getOutputStream().write(data);
            return cs.getSignature();
        });
        attempt("REMOVED-LIST", vault::list);
        attempt("REMOVED-FIND", () -> vault.find("ec"));
        attempt("REMOVED-GENERATE", () -> vault.generate("ec2", KeySpec.EC_P256));
        attempt("REMOVED-DELETE", () -> {
            vault.delete("ec");
            return null;
        });
        attempt("REMOVED-POOL", () -> vault.signerPool("ec", SignatureAlgorithm.SHA256_WITH_ECDSA));
        HealthStatus health = pool.healthCheck();
        print("REMOVED-HEALTH", String.valueOf(health.healthy()), health.failure().map(f -> f.fault().name()).orElse("-"));
        attempt("OTHER-TOKEN-DURING-OUTAGE", () -> otherPool.sign(data));

        Files.move(away, movedDir);
        attempt("BACKOFF-BACK-BUT-WAITING", () -> patientPool.sign(data));
        clock.advance(Duration.ofSeconds(31));
        attempt("BACKOFF-DUE", () -> b64(patientPool.sign(data)));
        patient.close();
        attempt("RESTORED-SIGN", () -> b64(pool.sign(data)));
        print("RESTORED-HEALTH", String.valueOf(pool.healthCheck().healthy()));
        attempt("RESTORED-LIST", () -> vault.list().stream().map(VaultKey::label).collect(Collectors.joining(",")));
        attempt("RESTORED-FIND", () -> b64(vault.require("ec").publicKey().getEncoded()));

        // softhsm2-util --delete-token removes the token for good.
        SoftHsm.deleteToken(conf, deleted);
        attempt("DELETED-SIGN", () -> otherPool.sign(data));
        attempt("DELETED-LIST", other::list);
        attempt("DELETED-OPEN", () -> open(deleted));
        // A new, empty token under the same label: the vault reconnects, the key is gone.
        SoftHsm.initToken(conf, deleted);
        attempt("RECREATED-SIGN", () -> otherPool.sign(data));
        attempt("RECREATED-FIND", () -> other.find("other").isPresent());
        // Re-created once more with another user PIN: the vault's PIN is refused.
        SoftHsm.deleteToken(conf, deleted);
        reinitWithPin(conf, deleted, "11112222");
        attempt("OTHER-PIN-GENERATE", () -> other.generate("again", KeySpec.EC_P256));
        attempt("OTHER-PIN-AGAIN", other::list);
        attempt("OTHER-PIN-OPEN", () -> open(deleted));
        other.close();
        vault.close();
        attempt("CLOSED-SIGN", () -> pool.sign(data));
    }

    private static void reinitWithPin(Path conf, String label, String pin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", pin, "--so-pin", SoftHsm.SO_PIN).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed");
        }
    }

    /** The directory of a token: SoftHSM2 names it by a UUID whose last 16 hex digits are the serial. */
    private static Path tokenDirectory(Path tokensDir, String label) throws Exception {
        String serial = SlotLocator.slots(SoftHsm.MODULE.toString()).stream()
                .filter(s -> s.tokenLabel().equals(label)).findFirst().orElseThrow().serialNumber();
        try (Stream<Path> dirs = Files.list(tokensDir)) {
            return dirs.filter(d -> d.getFileName().toString().replace("-", "").endsWith(serial)).findFirst().orElseThrow();
        }
    }

    /** A clock that stands still until moved. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @FunctionalInterface
    private interface Step {
        Object run() throws Exception;
    }

    /** Prints {@code name OK result} or {@code name FAULT <fault>} or {@code name LEAK <exception class>}. */
    private static void attempt(String name, Step step) {
        try {
            Object result = step.run();
            print(name, "OK", String.valueOf(result instanceof byte[] b ? b64(b) : result).replace('\n', ' '));
        } catch (HsmException e) {
            print(name, "FAULT", e.fault().name(), e.getMessage().replace('\n', ' '));
        } catch (Throwable t) {
            print(name, "LEAK", t.getClass().getName(), String.valueOf(t.getMessage()).replace('\n', ' '));
        }
    }

    private static void print(String... words) {
        System.out.println(String.join(" ", words));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
