package org.sigillo.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Stops the engine's background executors (CRL schedule, status sync, batch signers) the polite
 * way: no new runs, and the run under way finishes its transaction. Interrupting a thread in the
 * middle of store or HSM work would turn a clean stop into a failed write, so an interrupt is
 * only the last resort after {@link #GRACE}.
 */
final class Background {

    /** How long a stop waits for the run under way before interrupting it. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private Background() {
    }

    /** Returns a handle whose {@code close()} stops the executor as described above. */
    static AutoCloseable stopper(ExecutorService executor) {
        return () -> stop(executor);
    }

    /** Stops the executor: waits for the run under way, and interrupts only after the grace period. */
    static void stop(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                cancelDropped(executor);
            }
        } catch (InterruptedException e) {
            cancelDropped(executor);
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code shutdownNow}, cancelling the futures of the tasks it drops: they never run, and a
     * caller waiting on one (the batch's recording thread) would otherwise wait for ever.
     */
    private static void cancelDropped(ExecutorService executor) {
        for (Runnable dropped : executor.shutdownNow()) {
            if (dropped instanceof Future<?> f) {
                f.cancel(false);
            }
        }
    }
}
