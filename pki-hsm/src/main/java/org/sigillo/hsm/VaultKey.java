package org.sigillo.hsm;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A key pair held in a vault, seen from outside: its label, its kind and its public half. The
 * private half never leaves the vault.
 */
public record VaultKey(String label, KeySpec spec, PublicKey publicKey) {
    public VaultKey {
        KeyLabels.check(label);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
