package org.sigillo.crl;

import java.math.BigInteger;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a CRL is a full (base) CRL or a delta CRL (RFC 5280 5.2.4), with what each kind
 * carries: a full CRL may point at where its deltas are published (freshestCRL, 5.2.6); a
 * delta CRL names the base CRL number it completes (critical deltaCRLIndicator).
 */
public sealed interface CrlScope permits CrlScope.Full, CrlScope.Delta {

    /** A full CRL without a freshestCRL extension. */
    static Full full() {
        return new Full(Optional.empty());
    }

    /** A full CRL whose freshestCRL extension points at {@code deltaCrlUrl}. */
    static Full fullWithFreshest(URI deltaCrlUrl) {
        return new Full(Optional.of(deltaCrlUrl));
    }

    /** A delta CRL completing the full CRL numbered {@code baseCrlNumber}. */
    static Delta delta(BigInteger baseCrlNumber) {
        return new Delta(baseCrlNumber);
    }

    /** A full CRL; {@code freshestCrl} is the URL of the delta CRL, when there is one. */
    record Full(Optional<URI> freshestCrl) implements CrlScope {
        public Full {
            Objects.requireNonNull(freshestCrl, "freshestCrl");
            freshestCrl.ifPresent(uri -> {
                if (!uri.isAbsolute()) {
                    throw new IllegalArgumentException("freshestCRL URL must be absolute: " + uri);
                }
            });
        }
    }

    /** A delta CRL; {@code baseCrlNumber} is the CRL number of its base (full) CRL. */
    record Delta(BigInteger baseCrlNumber) implements CrlScope {
        public Delta {
            Objects.requireNonNull(baseCrlNumber, "baseCrlNumber");
            if (baseCrlNumber.signum() < 0) {
                throw new IllegalArgumentException("base CRL number must be >= 0: " + baseCrlNumber);
            }
        }
    }
}
