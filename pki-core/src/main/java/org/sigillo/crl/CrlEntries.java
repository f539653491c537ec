package org.sigillo.crl;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.der.DerTime;

/**
 * An immutable, compact list of revoked-certificate entries for a CRL, stored in columns
 * (all serial numbers in one {@code byte[]} addressed by an {@code int[]} of offsets,
 * times as {@code long[]} epoch seconds, reasons as {@code byte[]}), so that a million
 * entries cost a few tens of megabytes instead of a million objects.
 *
 * <p><b>Memory bound.</b> Each entry costs {@code s + 21} bytes, where {@code s} is the
 * length of its serial's two's-complement encoding ({@code s <= 20}, RFC 5280 4.1.2.2): 4
 * bytes of offset, 8 of revocation time, 8 of invalidity date, 1 of reason. That is at most
 * 41 bytes per entry (38 for the usual 16-byte random serials: 38 MB per million). A
 * builder grows its columns by half, so without a size hint the arrays hold at most 1.5
 * times that (62 bytes per entry) plus a constant; {@link #builder(int)} with the right
 * count removes the slack for serials of up to 17 octets. Times are kept to whole seconds, as the CRL encodes them.
 *
 * <p>Entries keep the order they were added in; sorting is not required by RFC 5280.
 */
public final class CrlEntries {

    /** Marks an absent invalidity date in the invalidity column. */
    static final long NO_DATE = Long.MIN_VALUE;

    /** Largest serial encoding RFC 5280 allows (octets of the INTEGER contents). */
    static final int MAX_SERIAL_OCTETS = 20;

    private final int count;
    private final byte[] serials;
    private final int[] serialOffsets;
    private final long[] revocationSeconds;
    private final long[] invaliditySeconds;
    private final byte[] reasons;

    private CrlEntries(Builder b) {
        this.count = b.count;
        this.serials = b.serials;
        this.serialOffsets = b.serialOffsets;
        this.revocationSeconds = b.revocationSeconds;
        this.invaliditySeconds = b.invaliditySeconds;
        this.reasons = b.reasons;
    }

    /** A builder with a small initial capacity that grows by half as entries are added. */
    public static Builder builder() {
        return new Builder(1024);
    }

    /** A builder sized for {@code expectedEntries}, so that the columns need no slack. */
    public static Builder builder(int expectedEntries) {
        if (expectedEntries < 0) {
            throw new IllegalArgumentException("expectedEntries must be >= 0: " + expectedEntries);
        }
        return new Builder(Math.max(16, expectedEntries));
    }

    /** The number of entries. */
    public int size() {
        return count;
    }

    /** The serial number of entry {@code i} (allocates; not for hot paths). */
    public BigInteger serial(int i) {
        Objects.checkIndex(i, count);
        int from = serialOffsets[i];
        return new BigInteger(serials, from, serialOffsets[i + 1] - from);
    }

    /** The revocation time of entry {@code i}, to the second. */
    public Instant revocationTime(int i) {
        Objects.checkIndex(i, count);
        return Instant.ofEpochSecond(revocationSeconds[i]);
    }

    /** The revocation reason of entry {@code i}. */
    public RevocationReason reason(int i) {
        Objects.checkIndex(i, count);
        return RevocationReason.fromCode(reasons[i]);
    }

    /** The invalidity date of entry {@code i}, to the second, if one was given. */
    public Optional<Instant> invalidityDate(int i) {
        Objects.checkIndex(i, count);
        long s = invaliditySeconds[i];
        return s == NO_DATE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(s));
    }

    // Package-private column access for the writer's hot loop: no copies, no objects.

    byte[] serialColumn() {
        return serials;
    }

    int serialOffset(int i) {
        return serialOffsets[i];
    }

    int serialLength(int i) {
        return serialOffsets[i + 1] - serialOffsets[i];
    }

    long revocationSecond(int i) {
        return revocationSeconds[i];
    }

    long invaliditySecond(int i) {
        return invaliditySeconds[i];
    }

    int reasonCode(int i) {
        return reasons[i];
    }

    /**
     * Collects entries column by column. Not thread-safe; {@link #build()} hands the columns
     * over without copying, after which the builder refuses further use.
     */
    public static final class Builder {
        private int count;
        private int serialEnd;
        private byte[] serials;
        private int[] serialOffsets;
        private long[] revocationSeconds;
        private long[] invaliditySeconds;
        private byte[] reasons;
        private boolean built;

        private Builder(int capacity) {
            serials = new byte[capacity * 17];
            serialOffsets = new int[capacity + 1];
            revocationSeconds = new long[capacity];
            invaliditySeconds = new long[capacity];
            reasons = new byte[capacity];
        }

        /**
         * Adds one revoked certificate.
         *
         * @param serial the certificate serial number: positive, at most 20 octets encoded
         * @param revocationTime when it was revoked (kept to the second)
         * @param reason why; {@link RevocationReason#UNSPECIFIED} is written without a
         *     reasonCode extension, as RFC 5280 5.3.1 recommends
         * @param invalidityDateOrNull when the key is known or suspected to have been
         *     compromised, or {@code null}
         * @throws IllegalArgumentException naming the bad argument
         * @throws IllegalStateException after {@link #build()}
         */
        public Builder add(BigInteger serial, Instant revocationTime, RevocationReason reason,
                Instant invalidityDateOrNull) {
            if (built) {
                throw new IllegalStateException("CrlEntries.Builder already built");
            }
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revocationTime, "revocationTime");
            Objects.requireNonNull(reason, "reason");
            if (serial.signum() <= 0) {
                throw new IllegalArgumentException("serial must be positive: " + serial);
            }
            // bitLength()/8 + 1 is the two's-complement length toByteArray() will return
            int serialLength = serial.bitLength() / 8 + 1;
            if (serialLength > MAX_SERIAL_OCTETS) {
                throw new IllegalArgumentException("serial longer than 20 octets: " + serial.toString(16));
            }
            long revocation = checkedSecond(revocationTime, "revocationTime");
            long invalidity = invalidityDateOrNull == null ? NO_DATE
                    : checkedSecond(invalidityDateOrNull, "invalidityDate");
            ensureCapacity(serialLength);
            byte[] encoded = serial.toByteArray();
            System.arraycopy(encoded, 0, serials, serialEnd, serialLength);
            serialEnd += serialLength;
            revocationSeconds[count] = revocation;
            invaliditySeconds[count] = invalidity;
            reasons[count] = (byte) reason.code();
            count++;
            serialOffsets[count] = serialEnd;
            return this;
        }

        /** The entries added so far; the builder cannot be used afterwards. */
        public CrlEntries build() {
            if (built) {
                throw new IllegalStateException("CrlEntries.Builder already built");
            }
            built = true;
            return new CrlEntries(this);
        }

        private static long checkedSecond(Instant time, String what) {
            long s = time.getEpochSecond();
            if (s < DerTime.MIN_EPOCH_SECOND || s > DerTime.MAX_EPOCH_SECOND) {
                throw new IllegalArgumentException(what + " outside years 0001-9999: " + time);
            }
            return s;
        }

        private void ensureCapacity(int serialLength) {
            if (count == reasons.length) {
                int capacity = grow(reasons.length);
                serialOffsets = Arrays.copyOf(serialOffsets, capacity + 1);
                revocationSeconds = Arrays.copyOf(revocationSeconds, capacity);
                invaliditySeconds = Arrays.copyOf(invaliditySeconds, capacity);
                reasons = Arrays.copyOf(reasons, capacity);
            }
            if (serialEnd + serialLength > serials.length) {
                serials = Arrays.copyOf(serials, Math.max(grow(serials.length), serialEnd + serialLength));
            }
        }

        private static int grow(int capacity) {
            long grown = capacity + (capacity >> 1) + 16L;
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many CRL entries");
            }
            return (int) grown;
        }
    }
}
