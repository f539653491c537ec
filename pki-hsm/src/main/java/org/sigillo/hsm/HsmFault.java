package org.sigillo.hsm;

/** Why an operation on a key vault failed; each kind names a cause an operator can act on. */
public enum HsmFault {
    /** The PKCS#11 module (shared library) is missing or cannot be loaded. */
    MODULE_NOT_FOUND,
    /** No token with the configured label, slot id or slot index is present. */
    TOKEN_NOT_FOUND,
    /** The user PIN was refused. */
    WRONG_PIN,
    /** The PIN is locked after too many wrong attempts. */
    PIN_LOCKED,
    /** No key with the given label is in the vault. */
    UNKNOWN_KEY,
    /** A key with the given label already exists. */
    KEY_EXISTS,
    /** The token went away (removed, re-created, session lost) during operation. */
    TOKEN_UNAVAILABLE,
    /** No signer could be borrowed from the pool within the configured timeout. */
    POOL_EXHAUSTED,
    /** A key kind, algorithm or setting this vault cannot handle. */
    UNSUPPORTED,
    /** The vault was closed. */
    CLOSED,
    /** Any other device or provider error; the message carries the PKCS#11 code when known. */
    DEVICE_ERROR
}
