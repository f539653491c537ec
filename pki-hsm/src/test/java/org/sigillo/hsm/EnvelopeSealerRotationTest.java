package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * SECURITY.md: "A data key is in the engine's memory while in use (10,000 seals at most)". When
 * the vault cannot seal the next data key at the moment of rotation (the token away mid-batch),
 * the old data key must not go on serving another 10,000 seals.
 */
class EnvelopeSealerRotationTest {

    /** A master sealer that refuses its {@code failAt}-th seal (as a token gone away would), and only that one. */
    private static final class FlakyMaster implements Sealer {
        private final AtomicInteger calls = new AtomicInteger();
        private final int failAt;

        FlakyMaster(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public byte[] seal(byte[] plaintext, byte[] aad) {
            int n = calls.incrementAndGet();
            if (n == failAt) {
                throw new HsmException(HsmFault.TOKEN_UNAVAILABLE, "token away");
            }
            byte[] out = new byte[plaintext.length + 4];
            ByteBuffer.wrap(out).putInt(n).put(plaintext);
            return out;
        }

        @Override
        public byte[] unseal(byte[] sealed, byte[] aad) {
            return Arrays.copyOfRange(sealed, 4, sealed.length);
        }
    }

    /** The sealed data key inside an envelope (version 2: 1 byte version, 2 bytes length, the sealed key). */
    private static ByteBuffer dataKeyOf(byte[] envelope) {
        ByteBuffer in = ByteBuffer.wrap(envelope);
        in.get();
        int n = Short.toUnsignedInt(in.getShort());
        byte[] k = new byte[n];
        in.get(k);
        return ByteBuffer.wrap(k);
    }

    @Test
    void aDataKeyNeverSealsMoreThanItsLimitEvenWhenItsReplacementFailedOnce() {
        EnvelopeSealer sealer = new EnvelopeSealer(new FlakyMaster(2)); // the first rotation fails
        Map<ByteBuffer, Integer> uses = new HashMap<>();
        int failures = 0;
        for (int i = 0; i < 3 * EnvelopeSealer.USES_PER_DATA_KEY; i++) {
            try {
                uses.merge(dataKeyOf(sealer.seal(new byte[] {1, 2, 3}, new byte[] {9})), 1, Integer::sum);
            } catch (HsmException e) {
                failures++;
            }
        }
        // the master refuses only its second seal (the first rotation): exactly that one seal fails, every other
        // one is served, so the limit below is checked over real data keys, at least three of them
        assertEquals(1, failures, "only the seal that met the failed rotation fails");
        assertEquals(3 * EnvelopeSealer.USES_PER_DATA_KEY - 1, uses.values().stream().mapToInt(Integer::intValue).sum(),
                "every other seal was served");
        assertTrue(uses.size() >= 3, "the data key was replaced after the failed rotation: " + uses.values());
        for (Map.Entry<ByteBuffer, Integer> e : uses.entrySet()) {
            assertTrue(e.getValue() <= EnvelopeSealer.USES_PER_DATA_KEY,
                    "a data key sealed " + e.getValue() + " values, more than " + EnvelopeSealer.USES_PER_DATA_KEY + ": " + uses.values());
        }
    }

    @Test
    void theSealThatFindsTheVaultAwayFailsTyped() {
        EnvelopeSealer sealer = new EnvelopeSealer(new FlakyMaster(1));
        assertThrows(HsmException.class, () -> sealer.seal(new byte[] {1}, new byte[] {9}));
        sealer.seal(new byte[] {1}, new byte[] {9}); // and the next one, the vault back, works
    }
}
