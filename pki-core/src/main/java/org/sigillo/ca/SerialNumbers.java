package org.sigillo.ca;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Certificate serial numbers: a marker bit, the issuing time in milliseconds (46 bits) and 72
 * bits from a CSPRNG. Every serial is 119 bits long: positive, 15 octets encoded (within the
 * 20 of RFC 5280 4.1.2.2), 30 hex digits; the 72 random bits are above the 64 bits of CSPRNG
 * output the CA/Browser Forum asks for, and make serials non-sequential and unguessable.
 * Uniqueness is further enforced by the store (a UNIQUE constraint).
 *
 * <p>Why the time: the store indexes serials. Purely random serials land on a random leaf of
 * that index, so a commit of 100 certificates rewrote ~100 index pages; serials that grow with
 * time are appended at the index's right edge (recording cost and bytes written per certificate:
 * pki-bench/README.md, "Batch issuance"). A clock that steps back only costs that locality, never
 * uniqueness. The issuing time is no secret: notBefore carries it.
 */
public final class SerialNumbers {
    private static final int RANDOM_BITS = 72;
    private static final int TIME_BITS = 46;
    private static final BigInteger MARKER = BigInteger.ONE.shiftLeft(RANDOM_BITS + TIME_BITS);
    private static final long TIME_MASK = (1L << TIME_BITS) - 1;

    private final SecureRandom random;
    private final Clock clock;

    /** Serials from {@code random}, stamped with {@code clock}'s time. */
    public SerialNumbers(SecureRandom random, Clock clock) {
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Serials from a fresh {@link SecureRandom}, stamped with {@code clock}'s time. */
    public SerialNumbers(Clock clock) {
        this(new SecureRandom(), clock);
    }

    /** The next serial: 119 bits, positive, never zero. */
    public BigInteger next() {
        BigInteger time = BigInteger.valueOf(clock.millis() & TIME_MASK).shiftLeft(RANDOM_BITS);
        return MARKER.or(time).or(new BigInteger(RANDOM_BITS, random));
    }
}
