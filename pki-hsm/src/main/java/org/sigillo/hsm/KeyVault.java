package org.sigillo.hsm;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A place that holds private keys and signs with them, without ever handing a private key
 * out: a PKCS#11 token ({@link #openPkcs11}) in production, a PKCS#12 file
 * ({@link #openSoftware}) for development only.
 *
 * <p>Implementations are safe for use by many threads. Signing goes through a
 * {@link SignerPool}, obtained once per key and reused.
 */
public interface KeyVault extends AutoCloseable {

    /**
     * Opens a PKCS#11 token through the JDK's SunPKCS11 provider and logs in. The vault keeps a
     * copy of the PIN of its own (to log in again after the token comes back), wiped by
     * {@link #close()}; the caller wipes {@code settings}' copy with
     * {@link Pkcs11Settings#wipePin()} once this returns.
     */
    static KeyVault openPkcs11(Pkcs11Settings settings) {
        return Pkcs11KeyVault.open(settings);
    }

    /**
     * Opens (or creates) a software key vault in a PKCS#12 file. For development and tests
     * only: keys are in a file, not in an HSM, and this is logged as a warning on every open.
     */
    static KeyVault openSoftware(Path pkcs12File, char[] password) {
        return SoftwareKeyVault.open(pkcs12File, password);
    }

    /** Says where the keys are, for logs and operators: never a secret. */
    String description();

    /** Whether keys stay inside a hardware (or hardware-like) token. */
    boolean isHardware();

    /**
     * Generates a key pair inside the vault: the private key persistent, sensitive and
     * non-extractable (on a token), labelled {@code label}.
     *
     * @throws HsmException {@link HsmFault#KEY_EXISTS} when the label is taken
     */
    VaultKey generate(String label, KeySpec spec);

    /** Finds a key by label. */
    Optional<VaultKey> find(String label);

    /**
     * Finds a key by label.
     *
     * @throws HsmException {@link HsmFault#UNKNOWN_KEY} when there is none
     */
    default VaultKey require(String label) {
        return find(label).orElseThrow(() -> new HsmException(HsmFault.UNKNOWN_KEY,
                "no key labelled '" + label + "' in " + description()));
    }

    /** Every key in the vault, by label order. */
    List<VaultKey> list();

    /**
     * Deletes a key for good.
     *
     * @throws HsmException {@link HsmFault#UNKNOWN_KEY} when there is none
     */
    void delete(String label);

    /**
     * Stores the certificate chain of a key next to it (replacing the placeholder written at
     * generation), so that the vault alone tells which certificate a key belongs to. Once: a key
     * whose certificate is attached already is refused ({@link HsmFault#UNSUPPORTED}) by the
     * PKCS#11 vault, because SunPKCS11, replacing it, deletes the certificates of its issuers too.
     */
    void attachCertificateChain(String label, X509Certificate[] chain);

    /** The certificate chain stored next to a key (a self-signed placeholder until one is attached). */
    X509Certificate[] certificateChain(String label);

    /**
     * A bounded pool of signers for one key, created on first use and cached per
     * (label, algorithm): every call with the same arguments returns the same pool.
     *
     * @throws HsmException {@link HsmFault#UNKNOWN_KEY}, or {@link HsmFault#UNSUPPORTED} when
     *         the algorithm does not fit the key
     */
    SignerPool signerPool(String label, SignatureAlgorithm algorithm);

    /**
     * A sealer over the AES-256 key labelled {@code label}, generated in the vault (sensitive,
     * never extractable) on first use and found again by later engines.
     */
    Sealer sealer(String label);

    /** Logs out and wipes the PIN; further calls fail with {@link HsmFault#CLOSED}. */
    @Override
    void close();
}
