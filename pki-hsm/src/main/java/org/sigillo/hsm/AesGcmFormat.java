package org.sigillo.hsm;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** The sealed format: version byte 1, 12-byte IV, AES-GCM ciphertext with its 128-bit tag. */
final class AesGcmFormat {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcmFormat() {
    }

    static byte[] seal(SecretKey key, Provider provider, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher c = provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        byte[] ct = c.doFinal(plaintext);
        byte[] out = new byte[1 + IV_BYTES + ct.length];
        out[0] = VERSION;
        System.arraycopy(iv, 0, out, 1, IV_BYTES);
        System.arraycopy(ct, 0, out, 1 + IV_BYTES, ct.length);
        return out;
    }

    static byte[] unseal(SecretKey key, Provider provider, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed == null || sealed.length < 1 + IV_BYTES + 16 || sealed[0] != VERSION) {
            throw new HsmException(HsmFault.DEVICE_ERROR, "sealed data is not in Sigillo's sealed format");
        }
        Cipher c = provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOfRange(sealed, 1, 1 + IV_BYTES)));
        c.updateAAD(aad);
        try {
            return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            // SunPKCS11 reports a failed tag check as AEADBadTagException over CKR_GENERAL_ERROR;
            // it must not be taken for a token that went away.
            throw new HsmException(HsmFault.DEVICE_ERROR, "sealed data or its context was altered (authentication tag mismatch)", e);
        }
    }
}
