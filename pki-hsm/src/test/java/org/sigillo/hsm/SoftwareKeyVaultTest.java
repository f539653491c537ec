package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.text.MessageFormat;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The {@link KeyVaultContract} on a PKCS#12 file, and what only the software vault does. */
class SoftwareKeyVaultTest extends KeyVaultContract {
    private static final char[] PASSWORD = "development only".toCharArray();
    private final Path dir;

    SoftwareKeyVaultTest() throws IOException {
        dir = Files.createTempDirectory("sigillo-softvault-");
    }

    @Override
    protected KeyVault openVault() {
        try {
            return KeyVault.openSoftware(Files.createTempDirectory(dir, "v").resolve("keys.p12"), PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void removeFiles() throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void saysItIsSoftwareAndLogsAWarningOnEveryOpen() {
        Logger jul = Logger.getLogger(SoftwareKeyVault.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try (KeyVault v = openVault()) {
            assertFalse(v.isHardware());
            assertTrue(v.description().startsWith("SOFTWARE key vault"), v.description());
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(1, records.size(), "one record per open: " + records);
        LogRecord r = records.get(0);
        assertEquals(Level.WARNING, r.getLevel());
        String text = MessageFormat.format(r.getMessage(), r.getParameters());
        assertTrue(text.contains("NOT in an HSM") && text.contains("keys.p12"), text);
    }

    @Test
    void isNeverAFallbackForAMissingHsm() throws IOException {
        long before;
        try (var files = Files.walk(dir)) {
            before = files.count();
        }
        Pkcs11Settings missing = Pkcs11Settings.builder().module(Path.of("/nonexistent/libpkcs11.so")).tokenLabel("x")
                .pin("1".toCharArray()).build();
        assertEquals(HsmFault.MODULE_NOT_FOUND, assertThrows(HsmException.class, () -> KeyVault.openPkcs11(missing)).fault());
        try (var files = Files.walk(dir)) {
            assertEquals(before, files.count(), "no software vault appeared");
        }
        assertThrows(IllegalArgumentException.class, () -> KeyVault.openSoftware(dir.resolve("empty.p12"), new char[0]));
    }

    @Test
    void keysPersistAcrossReopen() throws Exception {
        Path file = dir.resolve("persist.p12");
        byte[] pub;
        try (KeyVault v = KeyVault.openSoftware(file, PASSWORD)) {
            pub = v.generate("kept", KeySpec.EC_P256).publicKey().getEncoded();
            v.generate("dropped", KeySpec.EC_P384);
            v.delete("dropped");
        }
        try (KeyVault v = KeyVault.openSoftware(file, PASSWORD)) {
            assertEquals(List.of("kept"), v.list().stream().map(VaultKey::label).toList());
            VaultKey kept = v.require("kept");
            assertArrayEquals(pub, kept.publicKey().getEncoded());
            byte[] data = "after reopen".getBytes(StandardCharsets.UTF_8);
            byte[] sig = v.signerPool("kept", SignatureAlgorithm.SHA256_WITH_ECDSA).sign(data);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(kept.publicKey());
            verifier.update(data);
            assertTrue(verifier.verify(sig));
        }
    }

    @Test
    void aWrongPasswordIsAWrongPin() {
        Path file = dir.resolve("password.p12");
        try (KeyVault v = KeyVault.openSoftware(file, PASSWORD)) {
            v.generate("k", KeySpec.EC_P256);
        }
        HsmException e = assertThrows(HsmException.class, () -> KeyVault.openSoftware(file, "not the password".toCharArray()));
        assertEquals(HsmFault.WRONG_PIN, e.fault(), e.getMessage());
        assertTrue(e.getMessage().contains("password.p12"), e.getMessage());
    }
}
