package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sigillo.hsm.testing.SoftHsm;

/**
 * The sealing key exists once on the token. SunPKCS11 stores a secret key entry by copying
 * the key it is given (C_CopyObject with the label): when the generated key was itself made a
 * token object, the token kept an unlabelled second copy of the master key, invisible to the
 * vault, that still opened every sealed value after the labelled key was deleted.
 * (Found by an audit; read from a new process with pkcs11-tool, as PKCS11-NOTES.md 4 does.)
 */
class SealingKeyObjectsTest {

    /** The secret-key objects on the token, as pkcs11-tool lists them from another process. */
    private static int secretKeys(SoftHsm.TestToken token) throws Exception {
        Process p = new ProcessBuilder("pkcs11-tool", "--module", SoftHsm.MODULE.toString(), "--token-label", token.label(),
                "--login", "--pin", SoftHsm.USER_PIN, "--list-objects", "--type", "secrkey")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Matcher m = Pattern.compile("Secret Key Object").matcher(out);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theSealingKeyIsOneTokenObjectAndDeletingItLeavesNoCopy() throws Exception {
        SoftHsm.TestToken token = SoftHsm.get().freshToken();
        byte[] aad = "058091-PC-0001".getBytes(StandardCharsets.UTF_8);
        byte[] sealed;
        try (KeyVault vault = token.openVault()) {
            sealed = vault.sealer("kek").seal(new byte[] {1, 2, 3}, aad);
        }
        assertEquals(1, secretKeys(token), "one AES object for the sealing key, not an unlabelled copy beside it");
        try (KeyVault vault = token.openVault()) {
            assertArrayEquals(new byte[] {1, 2, 3}, vault.sealer("kek").unseal(sealed, aad), "found again by a later vault");
            assertTrue(vault.list().isEmpty());
            vault.delete("kek");
        }
        assertEquals(0, secretKeys(token), "a deleted sealing key leaves no copy of itself on the token");
    }
}
