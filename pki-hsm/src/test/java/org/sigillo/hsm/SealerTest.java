package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.SoftHsm;

/** Sealing with an AES key that stays in the vault, in SoftHSM2 and in the software vault. */
class SealerTest {

    private static void roundTrip(KeyVault vault) {
        Sealer sealer = vault.sealer("kek");
        byte[] secret = "a PKCS#8 private key".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "058091-PC-0001".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = sealer.seal(secret, aad);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("PKCS#8"), "sealed bytes hide the plaintext");
        assertArrayEquals(secret, sealer.unseal(sealed, aad));
        assertFalse(Arrays.equals(sealed, sealer.seal(secret, aad)), "a fresh IV every time");
        HsmException wrongContext = assertThrows(HsmException.class,
                () -> sealer.unseal(sealed, "058091-PC-0002".getBytes(StandardCharsets.UTF_8)));
        assertEquals(HsmFault.DEVICE_ERROR, wrongContext.fault());
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(HsmException.class, () -> sealer.unseal(tampered, aad));
        // The same label gives the same key again; the sealing key is not listed among key pairs.
        assertArrayEquals(secret, vault.sealer("kek").unseal(sealed, aad));
        List<VaultKey> pairs = vault.list();
        assertTrue(pairs.stream().noneMatch(k -> k.label().equals("kek")));
        assertTrue(vault.find("kek").isEmpty());
    }

    @Test
    void sealsInsideSoftHsm2AndFindsTheKeyAgainFromANewVault() {
        SoftHsm.TestToken token = SoftHsm.get().freshToken();
        byte[] sealed;
        try (KeyVault vault = token.openVault()) {
            roundTrip(vault);
            sealed = vault.sealer("kek").seal(new byte[] {1, 2, 3}, new byte[0]);
        }
        try (KeyVault again = token.openVault()) {
            assertArrayEquals(new byte[] {1, 2, 3}, again.sealer("kek").unseal(sealed, new byte[0]));
        }
    }

    @Test
    void sealsInTheSoftwareVault(@TempDir Path dir) {
        try (KeyVault vault = KeyVault.openSoftware(dir.resolve("dev.p12"), "pw".toCharArray())) {
            roundTrip(vault);
        }
    }

    @Test
    void envelopeSealingUsesOneVaultOperationPerDataKeyAndOpensOldValues() {
        try (KeyVault vault = SoftHsm.get().freshToken().openVault()) {
            Sealer vaultKek = vault.sealer("kek");
            byte[] direct = vaultKek.seal(new byte[] {7}, new byte[] {1});
            AtomicInteger vaultSeals = new AtomicInteger();
            Sealer master = new Sealer() { // the vault's sealer, its seal operations counted
                @Override
                public byte[] seal(byte[] plaintext, byte[] aad) {
                    vaultSeals.incrementAndGet();
                    return vaultKek.seal(plaintext, aad);
                }

                @Override
                public byte[] unseal(byte[] sealed, byte[] aad) {
                    return vaultKek.unseal(sealed, aad);
                }
            };
            EnvelopeSealer envelope = new EnvelopeSealer(master);
            byte[] a = envelope.seal("first".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            byte[] b = envelope.seal("second".getBytes(StandardCharsets.UTF_8), new byte[] {2});
            for (int i = 0; i < 100; i++) {
                envelope.seal(new byte[] {(byte) i}, new byte[] {3});
            }
            assertEquals(1, vaultSeals.get(), "102 envelope seals, one vault operation: the sealing of their data key");
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), envelope.unseal(a, new byte[] {1}));
            assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), new EnvelopeSealer(master).unseal(b, new byte[] {2}),
                    "a new engine opens values with the vault's key");
            assertArrayEquals(new byte[] {7}, envelope.unseal(direct, new byte[] {1}), "values sealed by the vault itself still open");
            assertThrows(HsmException.class, () -> envelope.unseal(a, new byte[] {2}));
            byte[] cut = Arrays.copyOf(a, 20);
            assertThrows(HsmException.class, () -> envelope.unseal(cut, new byte[] {1}));
        }
    }

    @Test
    void aKeyPairLabelIsNotASealingKey() {
        try (KeyVault vault = SoftHsm.get().freshToken().openVault()) {
            vault.generate("pair", KeySpec.EC_P256);
            HsmException e = assertThrows(HsmException.class, () -> vault.sealer("pair"));
            assertEquals(HsmFault.KEY_EXISTS, e.fault());
        }
    }
}
