package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.KeySpec;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditEntry;
import org.sigillo.store.AuditLog;
import org.sigillo.store.Database;
import org.sigillo.testing.MutableClock;

/** The batch: the order of what it writes to the audit log, and how it ends when the engine closes under it. */
class BatchCloseAndAuditOrderTest {
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private EngineFixture fixture;
    private Database db;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Sigillo start(Path dir, EngineSettings settings) {
        fixture = new EngineFixture(clock, dir, settings);
        db = fixture.db;
        return fixture.engine();
    }

    /**
     * The audit log is the history of what happened, in order (issue 4, "Every issuance and state
     * change is appended to an audit log"): a server certificate becomes the ente's notification
     * certificate only once it exists, so its CERT_ISSUED comes before its NOTIFICATION_CERT_SET.
     */
    @Test
    void aServerCertificateIsAuditedIssuedBeforeItIsAuditedAsTheNotificationCertificate(@TempDir Path dir) {
        Sigillo e = start(dir, EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator"));
        String co = e.servers().request(ROMA).toString();
        BatchReport report = e.batch().run();
        assertEquals(List.of(co), report.issued());
        List<AuditEntry> entries = db.inTransaction(tx -> new AuditLog(db, clock).read(tx, 1, 1000));
        long issued = -1;
        long notification = -1;
        for (AuditEntry a : entries) {
            if (a.event().subject().equals(co) && a.event().action().code().equals("CERT_ISSUED")) {
                issued = a.seq();
            }
            if (a.event().subject().equals(co) && a.event().action().code().equals("NOTIFICATION_CERT_SET")) {
                notification = a.seq();
            }
        }
        assertTrue(issued > 0 && notification > 0, "both audited: " + entries);
        assertTrue(issued < notification, "CERT_ISSUED (seq " + issued + ") must precede NOTIFICATION_CERT_SET (seq "
                + notification + ") of " + co);
    }

    /**
     * Closing the engine while a long batch runs: Background.stop interrupts after its grace and
     * (shutdownNow) drops the signing tasks not yet started. The batch must still end (its requests
     * not signed stay queued, reported failed); before the fix, run() waited for ever on the futures
     * of the dropped tasks.
     */
    @Test
    void closingTheEngineDuringALongBatchLetsTheBatchEnd(@TempDir Path dir) throws Exception {
        SlowOnBatchThreads slow = new SlowOnBatchThreads(clock, 250);
        Sigillo e = start(dir, new EngineSettings(slow, KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60),
                dir.resolve("crl"), 2, 200, 4, "test-operator"));
        int n = 400; // 400 x 250 ms on 2 threads: ~50 s of minting, longer than Background.GRACE (30 s)
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(e.workstations().register(ROMA, Optional.empty()).toString());
        }
        slow.arm();
        CompletableFuture<BatchReport> run = CompletableFuture.supplyAsync(() -> e.batch().run());
        Thread.sleep(2_000);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(e::close);
        BatchReport report;
        try {
            report = run.get(Background.GRACE.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (TimeoutException t) {
            fail("batch().run() never returned after the engine was closed (stuck on a signing task shutdownNow dropped)");
            return;
        } finally {
            slow.disarm();
        }
        closing.get(60, TimeUnit.SECONDS);
        fixture.engineClosed();
        // every request is either issued and recorded, or reported failed and still queued
        assertEquals(n, report.issued().size() + report.failed().size(), "report covers every request");
        for (BatchReport.Failure f : report.failed()) {
            assertEquals(CertificateState.RICHIESTA_IN_LAVORAZIONE,
                    e.certificates().require(f.code()).state(), f.code() + " reported failed stays queued");
        }
        for (String code : report.issued()) {
            assertEquals(CertificateState.ATTIVO, e.certificates().require(code).state());
        }
    }

    /** The engine's clock, slow on batch signing threads while armed (the minter reads it once per request). */
    private static final class SlowOnBatchThreads extends Clock {
        private final Clock base;
        private final long millis;
        private volatile boolean armed;

        SlowOnBatchThreads(Clock base, long millis) {
            this.base = base;
            this.millis = millis;
        }

        void arm() {
            armed = true;
        }

        void disarm() {
            armed = false;
        }

        @Override
        public Instant instant() {
            if (armed && Thread.currentThread().getName().startsWith("sigillo-batch-")) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return base.instant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
