package org.sigillo.hsm;

/**
 * Authenticated encryption with a key that never leaves the vault (AES-256-GCM): for data the
 * engine must keep but not in clear, such as the private keys of workstation certificates
 * waiting to be exported. {@code aad} binds a sealed value to its context (for example the
 * certificate code); unsealing with other {@code aad}, or tampered bytes, fails.
 */
public interface Sealer {
    /** Encrypts; the result carries its format version and a random 96-bit IV. */
    byte[] seal(byte[] plaintext, byte[] aad);

    /**
     * Decrypts what {@link #seal} produced with the same {@code aad}.
     *
     * @throws HsmException {@link HsmFault#DEVICE_ERROR} when the data or the aad were altered
     */
    byte[] unseal(byte[] sealed, byte[] aad);
}
