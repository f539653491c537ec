package org.sigillo.profile;

/** How an exported PKCS#12 is protected. */
public enum Pkcs12Encryption {
    /** AES-256-CBC with PBKDF2-HMAC-SHA256 for key and certificates, HMAC-SHA256 MAC (default). */
    MODERN,
    /** pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates, SHA-1 MAC: for old Windows only. */
    LEGACY
}
