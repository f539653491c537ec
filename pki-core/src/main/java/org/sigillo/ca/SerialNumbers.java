package org.sigillo.ca;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Certificate serial numbers: 127 bits from a CSPRNG, positive and non-zero, at most 16
 * octets encoded: comfortably above the 64 bits of entropy CA/B and RFC 5280 practice ask for,
 * below the 20-octet limit of RFC 5280 4.1.2.2. Uniqueness is further enforced by the store.
 */
public final class SerialNumbers {
    private final SecureRandom random;

    public SerialNumbers(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public SerialNumbers() {
        this(new SecureRandom());
    }

    public BigInteger next() {
        BigInteger s;
        do {
            s = new BigInteger(127, random);
        } while (s.bitLength() < 64);
        return s;
    }
}
