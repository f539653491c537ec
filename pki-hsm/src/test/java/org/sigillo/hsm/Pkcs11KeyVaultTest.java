package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.List;

import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;

/** Key generation, lookup and signing inside a real SoftHSM2 token. */
class Pkcs11KeyVaultTest {
    private static SoftHsm.TestToken token;
    private static KeyVault vault;

    @BeforeAll
    static void open() {
        token = SoftHsm.get().freshToken();
        vault = token.openVault();
    }

    @AfterAll
    static void close() {
        vault.close();
    }

    @Test
    void generatesEveryKeySpecAndSignsWithIt() throws Exception {
        for (KeySpec spec : KeySpec.values()) {
            String label = "gen-" + spec.name().toLowerCase();
            VaultKey key = vault.generate(label, spec);
            assertEquals(spec, key.spec());
            assertEquals(spec, KeySpec.of(key.publicKey()));
            SignerPool pool = vault.signerPool(label, spec.defaultSignatureAlgorithm());
            byte[] data = ("data for " + label).getBytes(StandardCharsets.UTF_8);
            byte[] sig = pool.sign(data);
            Signature v = Signature.getInstance(spec.defaultSignatureAlgorithm().jcaName());
            v.initVerify(key.publicKey());
            v.update(data);
            assertTrue(v.verify(sig), "signature of " + spec + " verifies with the public key");
            assertTrue(pool.healthCheck().healthy());
        }
    }

    @Test
    void contentSignerSignsWhatWasWritten() throws Exception {
        vault.generate("content-ec", KeySpec.EC_P256);
        ContentSigner cs = vault.signerPool("content-ec", SignatureAlgorithm.SHA256_WITH_ECDSA).contentSigner();
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (OutputStream out = cs.getOutputStream()) {
            out.write(data, 0, 50_000);
            out.write(data, 50_000, 50_000);
        }
        byte[] sig = cs.getSignature();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(vault.require("content-ec").publicKey());
        v.update(data);
        assertTrue(v.verify(sig));
        assertEquals(SignatureAlgorithm.SHA256_WITH_ECDSA.identifier(), cs.getAlgorithmIdentifier());
    }

    @Test
    void findsListsAndDeletesByLabel() {
        vault.generate("listed-a", KeySpec.EC_P256);
        vault.generate("listed-b", KeySpec.EC_P384);
        List<String> labels = vault.list().stream().map(VaultKey::label).toList();
        assertTrue(labels.containsAll(List.of("listed-a", "listed-b")), "list shows both: " + labels);
        assertArrayEquals(vault.require("listed-a").publicKey().getEncoded(),
                vault.find("listed-a").orElseThrow().publicKey().getEncoded());
        vault.delete("listed-a");
        assertFalse(vault.find("listed-a").isPresent());
        HsmException e = assertThrows(HsmException.class, () -> vault.delete("listed-a"));
        assertEquals(HsmFault.UNKNOWN_KEY, e.fault());
    }

    @Test
    void refusesADuplicateLabel() {
        vault.generate("dup", KeySpec.EC_P256);
        HsmException e = assertThrows(HsmException.class, () -> vault.generate("dup", KeySpec.EC_P256));
        assertEquals(HsmFault.KEY_EXISTS, e.fault());
    }

    @Test
    void unknownKeyLabelIsATypedFault() {
        HsmException e = assertThrows(HsmException.class, () -> vault.signerPool("no-such-key", SignatureAlgorithm.SHA256_WITH_ECDSA));
        assertEquals(HsmFault.UNKNOWN_KEY, e.fault());
        assertTrue(e.getMessage().contains("no-such-key"));
    }

    @Test
    void algorithmThatDoesNotFitTheKeyIsRefused() {
        vault.generate("ec-only", KeySpec.EC_P256);
        HsmException e = assertThrows(HsmException.class, () -> vault.signerPool("ec-only", SignatureAlgorithm.SHA256_WITH_RSA));
        assertEquals(HsmFault.UNSUPPORTED, e.fault());
    }

    @Test
    void wrongPinIsATypedFault() {
        SoftHsm.TestToken other = SoftHsm.get().freshToken();
        Pkcs11Settings wrong = Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(other.label())
                .pin("00000000".toCharArray()).build();
        HsmException e = assertThrows(HsmException.class, () -> KeyVault.openPkcs11(wrong));
        assertEquals(HsmFault.WRONG_PIN, e.fault(), e.getMessage());
    }

    @Test
    void aTokenCreatedAfterTheModuleWasLoadedIsFound() throws Exception {
        String label = "late-" + ProcessHandle.current().pid();
        SoftHsm.initToken(token.conf(), label);
        Pkcs11Settings late = Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(label)
                .pin(SoftHsm.USER_PIN.toCharArray()).build();
        try (KeyVault v = KeyVault.openPkcs11(late)) {
            VaultKey key = v.generate("late-key", KeySpec.EC_P256);
            byte[] data = "late token".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key.publicKey());
            s.update(data);
            assertTrue(s.verify(v.signerPool("late-key", SignatureAlgorithm.SHA256_WITH_ECDSA).sign(data)));
        }
        // The vault on the JVM's shared module instance is undisturbed.
        VaultKey other = vault.generate("after-late", KeySpec.EC_P256);
        byte[] data = "shared instance".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(other.publicKey());
        s.update(data);
        assertTrue(s.verify(vault.signerPool("after-late", SignatureAlgorithm.SHA256_WITH_ECDSA).sign(data)));
    }

    @Test
    void missingModuleIsATypedFault() {
        Pkcs11Settings s = Pkcs11Settings.builder().module(Path.of("/nonexistent/libpkcs11.so")).tokenLabel("x")
                .pin("1".toCharArray()).build();
        HsmException e = assertThrows(HsmException.class, () -> KeyVault.openPkcs11(s));
        assertEquals(HsmFault.MODULE_NOT_FOUND, e.fault());
        assertTrue(e.getMessage().contains("/nonexistent/libpkcs11.so"));
    }

    @Test
    void unknownTokenLabelIsATypedFault() {
        Pkcs11Settings s = Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel("no-such-token")
                .pin(SoftHsm.USER_PIN.toCharArray()).build();
        HsmException e = assertThrows(HsmException.class, () -> KeyVault.openPkcs11(s));
        assertEquals(HsmFault.TOKEN_NOT_FOUND, e.fault());
        assertTrue(e.getMessage().contains("no-such-token"));
    }
}
