package org.sigillo.crl;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a CRL was published: its DER and PEM files, both replaced atomically.
 *
 * @param der the DER file ({@code <name>.crl} or {@code <name>-delta.crl})
 * @param pem the PEM file ({@code <name>.pem} or {@code <name>-delta.pem})
 * @param derLength the size of the DER encoding in bytes
 * @param superseded true when the files were left as they were because they already held a CRL
 *        of the same CA with a higher or equal number (another engine publishing into the same
 *        folder renamed its newer CRL first): this CRL was signed but never put on disk
 */
public record PublishedCrl(Path der, Path pem, long derLength, boolean superseded) {
    public PublishedCrl {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(pem, "pem");
    }

    /** A CRL that is now on disk. */
    public PublishedCrl(Path der, Path pem, long derLength) {
        this(der, pem, derLength, false);
    }
}
