package org.sigillo.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrlEntriesTest {

    @Test
    void keepsEntriesInOrderToTheSecondAcrossGrowth() {
        CrlEntries.Builder builder = CrlEntries.builder();
        Instant base = Instant.parse("2026-01-01T00:00:00.750Z");
        int n = 5000;
        for (int i = 0; i < n; i++) {
            builder.add(BigInteger.ONE.shiftLeft(i % 159).add(BigInteger.valueOf(i)), base.plusSeconds(i),
                    RevocationReason.values()[i % 10], i % 2 == 0 ? null : base.minusSeconds(i));
        }
        CrlEntries entries = builder.build();
        assertEquals(n, entries.size());
        for (int i = 0; i < n; i++) {
            assertEquals(BigInteger.ONE.shiftLeft(i % 159).add(BigInteger.valueOf(i)), entries.serial(i));
            assertEquals(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), entries.revocationTime(i));
            assertEquals(RevocationReason.values()[i % 10], entries.reason(i));
            assertEquals(i % 2 == 0 ? Optional.empty()
                    : Optional.of(Instant.parse("2026-01-01T00:00:00Z").minusSeconds(i)), entries.invalidityDate(i));
        }
    }

    @Test
    void rejectsSerialsRfc5280Forbids() {
        CrlEntries.Builder builder = CrlEntries.builder();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> builder.add(BigInteger.ZERO, t, RevocationReason.UNSPECIFIED, null));
        assertThrows(IllegalArgumentException.class,
                () -> builder.add(BigInteger.valueOf(-5), t, RevocationReason.UNSPECIFIED, null));
        // 2^159 needs a 0x00 sign octet: 21 octets
        assertThrows(IllegalArgumentException.class,
                () -> builder.add(BigInteger.ONE.shiftLeft(159), t, RevocationReason.UNSPECIFIED, null));
        builder.add(BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE), t, RevocationReason.UNSPECIFIED, null);
        assertThrows(IllegalArgumentException.class,
                () -> builder.add(BigInteger.ONE, Instant.parse("+10000-01-01T00:00:00Z"), RevocationReason.UNSPECIFIED, null));
        assertEquals(1, builder.build().size());
        assertThrows(IllegalStateException.class,
                () -> builder.add(BigInteger.ONE, t, RevocationReason.UNSPECIFIED, null));
    }

    /** The Javadoc's bound: about s + 21 bytes per entry when presized (16-byte serials: 38). */
    @Test
    void aMillionEntriesFitInAFewTensOfMegabytes() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        CrlEntries.Builder builder = CrlEntries.builder(1_000_000);
        BigInteger base = BigInteger.ONE.shiftLeft(127); // 16 octets + sign octet = 17
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1_000_000; i++) {
            builder.add(base.add(BigInteger.valueOf(i)), t, RevocationReason.KEY_COMPROMISE, null);
        }
        CrlEntries entries = builder.build();
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory() - before;
        assertEquals(1_000_000, entries.size());
        assertTrue(used < 60L * 1024 * 1024, "a million entries took " + used / (1024 * 1024) + " MB");
    }

    @Test
    void reasonCodesAreRfc5280() {
        int[] codes = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10};
        for (int i = 0; i < codes.length; i++) {
            assertEquals(codes[i], RevocationReason.values()[i].code());
            assertEquals(RevocationReason.values()[i], RevocationReason.fromCode(codes[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> RevocationReason.fromCode(7));
        assertThrows(IllegalArgumentException.class, () -> RevocationReason.fromCode(11));
        assertThrows(IllegalArgumentException.class, () -> RevocationReason.fromCode(-1));
    }
}
