package org.sigillo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sigillo.store.testing.TestDatabases;

class DurableCountersTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void countsFromOnePerNameAndSurvivesReopen(Dialect dialect) {
        Supplier<Database> store = TestDatabases.fresh(dialect, tmp);
        try (Database db = TestDatabases.migrated(store)) {
            DurableCounters c = new DurableCounters(db);
            assertEquals(1, c.next("workstation:H501"));
            assertEquals(2, c.next("workstation:H501"));
            assertEquals(1, c.next("crl:ca-1"));
            assertEquals(3, c.next("workstation:H501"));
        }
        try (Database db = TestDatabases.migrated(store)) {
            DurableCounters c = new DurableCounters(db);
            assertEquals(3L, (long) db.inTransaction(tx -> c.current(tx, "workstation:H501")));
            assertEquals(0L, (long) db.inTransaction(tx -> c.current(tx, "never-used")));
            assertEquals(4, c.next("workstation:H501"));
            assertEquals(2, c.next("crl:ca-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void followsTheCallersTransaction(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            DurableCounters c = new DurableCounters(db);
            assertEquals(1, c.next("crl:ca-1"));
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                assertEquals(2, c.next(tx, "crl:ca-1"));
                assertEquals(3, c.next(tx, "crl:ca-1"));
                assertEquals(1, c.next(tx, "brand-new"));
                throw new IllegalStateException("caller fails after taking numbers");
            }));
            assertEquals("caller fails after taking numbers", boom.getMessage());
            // rolled back: the numbers were never handed out, so they are given again
            assertEquals(2, c.next("crl:ca-1"));
            assertEquals(1, c.next("brand-new"));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentTakersGetDistinctIncreasingValues(Dialect dialect) throws Exception {
        int perThread = 150;
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            DurableCounters c = new DurableCounters(db);
            // two names: one already existing, one created concurrently by the racing threads
            c.next("existing");
            for (String name : List.of("existing", "created-in-race")) {
                CyclicBarrier start = new CyclicBarrier(2);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<List<Long>>> futures = new ArrayList<>();
                    for (int t = 0; t < 2; t++) {
                        futures.add(pool.submit(() -> {
                            start.await();
                            List<Long> got = new ArrayList<>();
                            for (int i = 0; i < perThread; i++) {
                                got.add(c.next(name));
                            }
                            return got;
                        }));
                    }
                    Set<Long> all = new HashSet<>();
                    for (Future<List<Long>> f : futures) {
                        List<Long> got = f.get();
                        for (int i = 1; i < got.size(); i++) {
                            assertTrue(got.get(i) > got.get(i - 1), "values seen by one thread increase");
                        }
                        all.addAll(got);
                    }
                    assertEquals(2 * perThread, all.size(), "every value distinct");
                    long offset = name.equals("existing") ? 1 : 0;
                    assertEquals(offset + 1, all.stream().mapToLong(Long::longValue).min().orElseThrow());
                    assertEquals(offset + 2L * perThread, all.stream().mapToLong(Long::longValue).max().orElseThrow());
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesBadNames(Dialect dialect) {
        try (Database db = TestDatabases.migrated(TestDatabases.fresh(dialect, tmp))) {
            DurableCounters c = new DurableCounters(db);
            assertThrows(IllegalArgumentException.class, () -> c.next(""));
            assertThrows(IllegalArgumentException.class, () -> c.next("has space"));
            assertThrows(IllegalArgumentException.class, () -> c.next("x".repeat(129)));
            assertEquals(1, c.next("x".repeat(128)));
        }
    }
}
