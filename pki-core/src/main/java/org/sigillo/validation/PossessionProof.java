package org.sigillo.validation;

import java.util.Objects;

/**
 * A proof that the person holds the card's private key: the server's fresh challenge and the
 * card's signature over it (SHA256withECDSA, DER-encoded, for an EC card key; SHA256withRSA,
 * PKCS#1 v1.5, for an RSA card key). The arrays are not copied: do not change them during a check.
 */
public record PossessionProof(byte[] challenge, byte[] signature) {
    public PossessionProof {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(signature, "signature");
    }
}
