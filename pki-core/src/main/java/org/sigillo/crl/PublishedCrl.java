package org.sigillo.crl;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a CRL was published: its DER and PEM files, both replaced atomically.
 *
 * @param der the DER file ({@code <name>.crl} or {@code <name>-delta.crl})
 * @param pem the PEM file ({@code <name>.pem} or {@code <name>-delta.pem})
 * @param derLength the size of the DER encoding in bytes
 */
public record PublishedCrl(Path der, Path pem, long derLength) {
    public PublishedCrl {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(pem, "pem");
    }
}
