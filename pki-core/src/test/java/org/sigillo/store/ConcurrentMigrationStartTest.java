package org.sigillo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.sigillo.store.testing.PostgresTestServer;

/**
 * SchemaMigrator's class comment: "On PostgreSQL a transaction-scoped advisory lock serializes
 * engines starting together". Two engines starting together on a new PostgreSQL database must
 * both start, each finding the schema at the code's version.
 */
class ConcurrentMigrationStartTest {

    @Test
    void twoEnginesStartingTogetherOnANewPostgresDatabaseBothMigrate() throws Exception {
        List<String> failures = new ArrayList<>();
        int rounds = 15;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                Supplier<Database> store = PostgresTestServer.get().createDatabase()::open;
                try (Database a = store.get(); Database b = store.get()) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<MigrationReport>> f = new ArrayList<>();
                    for (Database db : List.of(a, b)) {
                        SchemaMigrator m = new SchemaMigrator(db, Clock.systemUTC());
                        f.add(pool.submit(() -> {
                            start.await();
                            return m.migrate();
                        }));
                    }
                    for (Future<MigrationReport> r : f) {
                        try {
                            r.get();
                        } catch (ExecutionException e) {
                            failures.add("round " + round + ": " + e.getCause());
                        }
                    }
                    assertEquals(new SchemaMigrator(a, Clock.systemUTC()).codeVersion(),
                            new SchemaMigrator(a, Clock.systemUTC()).databaseVersion());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + rounds + " concurrent starts failed: " + failures);
    }
}
