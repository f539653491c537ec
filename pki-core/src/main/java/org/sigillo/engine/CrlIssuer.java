package org.sigillo.engine;

import java.net.URI;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;

/**
 * One CRL series: the issuing CA whose revocations it lists, the file name it is published
 * under, the signer (the CA key in the HSM) and where its delta CRLs are published.
 *
 * @param name      file name stem, for example {@code workstation} ({@code workstation.crl})
 * @param issuer    the CA's subject name
 * @param keyId     the CA's subject key identifier
 * @param signer    a fresh ContentSigner for each CRL
 * @param deltaUrl  where delta CRLs are published, for the freshestCRL extension of full CRLs
 */
public record CrlIssuer(String name, X500Name issuer, byte[] keyId, Supplier<ContentSigner> signer, Optional<URI> deltaUrl) {
    public CrlIssuer {
        if (name == null || !name.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("CRL series name must be 1-40 of [a-z0-9-], was: " + name);
        }
        Objects.requireNonNull(issuer, "issuer");
        keyId = Objects.requireNonNull(keyId, "keyId").clone();
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(deltaUrl, "deltaUrl");
    }

    /** The key identifier in hex, as the store keys revocations by issuer. */
    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }
}
