package org.sigillo.validation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A cache key on a certificate's exact DER. The hash reads only the length and the last 16
 * bytes (inside the signature value, so effectively random and costing two loads); equality is
 * a full {@link Arrays#equals} of the DER, so a hash collision (e.g. a forged TBS carrying a
 * copied signature) can never hit. Comparable, so a map bin crowded by colliding hashes stays
 * a balanced tree. {@link CertFacts} is itself a key, on the DER it was read from, so that a
 * cache hit reaches the facts without one more pointer to follow.
 */
class DerKey implements Comparable<DerKey> {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] der;
    private final int hash;

    /** A key over {@code der}, which is held, not copied. */
    DerKey(byte[] der) {
        this.der = der;
        this.hash = hash(der);
    }

    static int hash(byte[] der) {
        int n = der.length;
        long x;
        if (n >= 16) {
            long a = (long) LONGS.get(der, n - 16);
            long b = (long) LONGS.get(der, n - 8);
            x = (a * 0x9E3779B97F4A7C15L) ^ b ^ ((long) n << 32);
        } else {
            x = n;
            for (byte v : der) {
                x = x * 31 + v;
            }
        }
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return (int) (x ^ (x >>> 31));
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DerKey && ((DerKey) o).hash == hash && Arrays.equals(((DerKey) o).der, der);
    }

    @Override
    public final int compareTo(DerKey other) {
        return Arrays.compare(der, other.der);
    }
}
