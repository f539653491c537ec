package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A software vault whose file cannot be written refuses the change and keeps what the file
 * holds: a generate, delete or certificate attachment that reported DEVICE_ERROR had still
 * changed the vault in memory, so this engine went on signing with a key that the next start
 * no longer had (or without one that came back), and a retry was refused KEY_EXISTS or
 * UNKNOWN_KEY. (Found by an audit.)
 */
class SoftwareVaultWriteFailureTest {
    private static final char[] PASSWORD = "development only".toCharArray();

    /** Makes every later write of the vault file fail: its path becomes a non-empty folder. */
    private static void breakWrites(Path file) throws Exception {
        Files.move(file, file.resolveSibling("saved.p12"));
        Files.createDirectories(file);
        Files.writeString(file.resolve("blocker"), "x");
    }

    private static void repairWrites(Path file) throws Exception {
        Files.delete(file.resolve("blocker"));
        Files.delete(file);
        Files.move(file.resolveSibling("saved.p12"), file);
    }

    @Test
    void aRefusedGenerateLeavesNoKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.p12");
        try (KeyVault vault = KeyVault.openSoftware(file, PASSWORD)) {
            vault.generate("kept", KeySpec.EC_P256);
            breakWrites(file);
            HsmException e = assertThrows(HsmException.class, () -> vault.generate("lost", KeySpec.EC_P256));
            assertEquals(HsmFault.DEVICE_ERROR, e.fault());
            assertTrue(vault.find("lost").isEmpty(), "a refused generate leaves no key behind in this vault");
            repairWrites(file);
            vault.generate("lost", KeySpec.EC_P256); // the retry, once the disk is back, is not refused KEY_EXISTS
        }
        try (KeyVault again = KeyVault.openSoftware(file, PASSWORD)) {
            assertEquals(List.of("kept", "lost"), again.list().stream().map(VaultKey::label).toList());
        }
    }

    @Test
    void aRefusedDeleteKeepsTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.p12");
        try (KeyVault vault = KeyVault.openSoftware(file, PASSWORD)) {
            vault.generate("kept", KeySpec.EC_P256);
            breakWrites(file);
            assertThrows(HsmException.class, () -> vault.delete("kept"));
            assertTrue(vault.find("kept").isPresent(), "a refused delete keeps the key, as the file does");
            repairWrites(file);
        }
    }

    @Test
    void aRefusedAttachmentKeepsThePlaceholder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.p12");
        try (KeyVault vault = KeyVault.openSoftware(file, PASSWORD)) {
            vault.generate("ca", KeySpec.EC_P256);
            X509Certificate[] placeholder = vault.certificateChain("ca");
            X509Certificate cert = selfSigned(vault, "ca");
            breakWrites(file);
            assertThrows(HsmException.class, () -> vault.attachCertificateChain("ca", new X509Certificate[] {cert}));
            assertEquals(placeholder[0], vault.certificateChain("ca")[0], "a refused attachment keeps the placeholder");
            repairWrites(file);
            vault.attachCertificateChain("ca", new X509Certificate[] {cert}); // the retry is not refused UNSUPPORTED
        }
    }

    private static X509Certificate selfSigned(KeyVault vault, String label) throws Exception {
        VaultKey key = vault.require(label);
        X500Name name = new X500Name("CN=Test CA");
        var b = new X509v3CertificateBuilder(name, BigInteger.TEN,
                new Date(0L), new Date(4102444800000L), name,
                SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()));
        var holder = b.build(vault.signerPool(label, SignatureAlgorithm.SHA256_WITH_ECDSA).contentSigner());
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
