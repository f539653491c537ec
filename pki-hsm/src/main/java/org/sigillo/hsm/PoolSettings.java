package org.sigillo.hsm;

import java.time.Duration;

/**
 * Size and borrow timeout of a {@link SignerPool}, checked when built.
 *
 * @param size          how many signers (PKCS#11 sessions) may be in use at once
 * @param borrowTimeout how long a caller waits for a free signer before
 *                      {@link HsmFault#POOL_EXHAUSTED}
 */
public record PoolSettings(int size, Duration borrowTimeout) {
    public PoolSettings {
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("pool size must be 1..1024, was " + size);
        }
        if (borrowTimeout == null || borrowTimeout.isNegative()) {
            throw new IllegalArgumentException("borrow timeout must be zero or positive, was " + borrowTimeout);
        }
    }

    /** Twice the processor count, with a 10-second borrow timeout. */
    public static PoolSettings defaults() {
        return new PoolSettings(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(10));
    }
}
