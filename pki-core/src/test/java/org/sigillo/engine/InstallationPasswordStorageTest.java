package org.sigillo.engine;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue 4, "Export": the installation password is shown once and never stored in clear. */
class InstallationPasswordStorageTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    /**
     * The installation password is shown once and never stored in clear: after an export and an
     * export-all, no file of the store (nor anything else under the engine's folder) holds it,
     * as text or as hex.
     */
    @Test
    void theInstallationPasswordIsStoredNowhere(@TempDir Path dir) throws Exception {
        try (EngineFixture f = new EngineFixture(clock, dir)) {
            Sigillo e = f.engine();
            String pc = e.workstations().register(EngineFixture.ROMA, Optional.empty()).toString();
            e.batch().run();
            List<String> passwords = new ArrayList<>();
            for (Pkcs12Encryption enc : Pkcs12Encryption.values()) {
                Export x = e.workstations().exportWithPrivateKey(pc, enc);
                passwords.add(new String(x.password().reveal()));
                x.destroy();
            }
            byte[] zip = e.workstations().exportAllWithPrivateKeys(EngineFixture.ROMA, Pkcs12Encryption.MODERN);
            try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (var z = in.getNextEntry(); z != null; z = in.getNextEntry()) {
                    if (z.getName().equals("passwords.txt")) {
                        String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                        passwords.add(line.substring(line.indexOf(';') + 1));
                    }
                }
            }
            assertEquals(3, passwords.size());
            f.db.inTransaction(tx -> {
                try (var st = tx.connection().createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
                return null;
            });
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertFalse(files.isEmpty());
            for (Path file : files) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String pw : passwords) {
                    assertFalse(bytes.contains(pw), "the password is stored in clear in " + file);
                    String hex = HexFormat.of().formatHex(pw.getBytes(StandardCharsets.US_ASCII));
                    assertFalse(bytes.toLowerCase().contains(hex), "the password is stored as hex in " + file);
                }
            }
        }
    }
}
