package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sigillo.hsm.KeySpec;

/** How the batch's recording thread groups signed certificates into transactions. */
class BatchGroupingTest {

    private static List<CompletableFuture<String>> futures(int n) {
        List<CompletableFuture<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CompletableFuture<>());
        }
        return out;
    }

    @Test
    void takesTheGroupAndEveryFollowingOneAlreadySignedUpToTheChunk() {
        List<CompletableFuture<String>> f = futures(10);
        for (int i = 0; i < 7; i++) {
            f.get(i).complete("c" + i);
        }
        assertEquals(7, BatchIssuer.readyEnd(f, 0, 3, 10), "group 3, and 3..6 were signed too");
        assertEquals(5, BatchIssuer.readyEnd(f, 0, 3, 5), "never more than the chunk");
        assertEquals(7, BatchIssuer.readyEnd(f, 5, 1, 10));
    }

    @Test
    void waitsForTheWholeGroupBeforeRecording() throws Exception {
        List<CompletableFuture<String>> f = futures(8);
        f.get(0).complete("c0");
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> {
                for (int i = 1; i < 4; i++) {
                    f.get(i).complete("c" + i);
                }
            }, 100, TimeUnit.MILLISECONDS);
            int end = BatchIssuer.readyEnd(f, 0, 4, 8);
            assertEquals(4, end, "c0 alone was ready at once; the recorder waited for c1..c3");
            for (int i = 0; i < 4; i++) {
                assertTrue(f.get(i).isDone());
            }
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void theLastGroupIsWhatRemainsAndAFailedSignatureCountsAsDone() {
        List<CompletableFuture<String>> f = futures(5);
        f.get(0).complete("c0");
        f.get(1).complete("c1");
        f.get(2).completeExceptionally(new IllegalStateException("token removed"));
        f.get(3).complete("c3");
        f.get(4).complete("c4");
        assertEquals(5, BatchIssuer.readyEnd(f, 2, 32, 200), "3 remain, fewer than the group");
    }

    @Test
    void settingsRefuseAGroupLargerThanTheChunk() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EngineSettings(Clock.systemUTC(),
                KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60), Path.of("crl"),
                2, 10, 11, "test"));
        assertTrue(e.getMessage().contains("batch group"), e.getMessage());
        assertEquals(EngineSettings.DEFAULT_BATCH_GROUP, EngineSettings.defaults(Clock.systemUTC(), Path.of("crl"), "t").batchGroup());
    }
}
