package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.ChildJvm;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditVerification;
import org.sigillo.testing.MutableClock;

/**
 * "A refused operation leaves the store exactly as it was", and what the engine starts it
 * stops: operations that fail half-way, and background threads left running after close.
 */
class FailureLeavesNothingTest {
    private static final IstatCode ROMA = EngineFixture.ROMA;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private EngineFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Sigillo start(Path dir) {
        fixture = new EngineFixture(clock, dir);
        return fixture.engine();
    }

    private long audited(Sigillo e) {
        return ((AuditVerification.Intact) e.verifyAudit()).count();
    }

    /**
     * A batch run on a closed engine is refused with a clear error before it writes anything.
     * It used to queue the due server renewals (CERT_REQUESTED, a CO code spent) and then fail
     * with the executor's RejectedExecutionException.
     */
    @Test
    void aBatchOnAClosedEngineIsRefusedBeforeItWritesAnything(@TempDir Path dir) {
        Sigillo e = start(dir);
        String co = e.servers().request(ROMA).toString();
        e.batch().run();
        // the server certificate is now inside the renewal window (60 days)
        clock.set(e.certificates().require(co).notAfter().orElseThrow().minus(Duration.ofDays(30)));
        String pc = e.workstations().register(ROMA, Optional.empty()).toString();
        long before = audited(e);

        e.close();
        fixture.engineClosed();

        RuntimeException x = assertThrows(RuntimeException.class, () -> e.batch().run());
        assertTrue(x instanceof IllegalStateException && x.getMessage().contains("closed"),
                "a clear error naming the closed engine, was: " + x);
        assertEquals(before, audited(e), "nothing audited by the refused batch");
        assertTrue(e.certificates().find("058091-CO-9998").isEmpty(), "no renewal queued by the refused batch");
        assertEquals(CertificateState.RICHIESTA_IN_LAVORAZIONE, e.certificates().require(pc).state());
    }

    /**
     * Closing the engine stops the background threads it started: the CRL schedule and the
     * store follower. They used to run on after close, against a store the caller then closes.
     */
    @Test
    void closingTheEngineStopsItsCrlScheduleAndStoreFollower(@TempDir Path dir) throws Exception {
        Sigillo e = start(dir);
        e.crls().schedule(Duration.ofHours(12), Duration.ZERO);
        e.followStore(Duration.ofMillis(50));
        Thread.sleep(300);
        assertTrue(alive("sigillo-crl-schedule") && alive("sigillo-status-sync"), "precondition: both run");

        e.close();
        fixture.engineClosed();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((alive("sigillo-crl-schedule") || alive("sigillo-status-sync")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(alive("sigillo-crl-schedule"), "the CRL schedule's thread outlives the engine");
        assertFalse(alive("sigillo-status-sync"), "the store follower's thread outlives the engine");
    }

    private static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    /**
     * A reissue refused because the CRL folder is gone (deleted under the running engine) takes
     * no CRL number and records no CRL: it used to record CRL n+1, unpublished, before finding
     * the folder missing.
     */
    @Test
    void aCrlReissueRefusedForAMissingFolderTakesNoNumber(@TempDir Path dir) throws Exception {
        Sigillo e = start(dir);
        e.crls().reissue(Crls.Series.WORKSTATION, false);
        Optional<Long> before = e.crls().lastNumber(Crls.Series.WORKSTATION);
        long audited = audited(e);
        try (Stream<Path> files = Files.list(dir.resolve("crl"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir.resolve("crl"));

        UncheckedIOException x = assertThrows(UncheckedIOException.class,
                () -> e.crls().reissue(Crls.Series.WORKSTATION, false));
        assertTrue(x.getMessage().contains("the CRL folder " + dir.resolve("crl") + " is missing"), x.getMessage());
        assertEquals(before, e.crls().lastNumber(Crls.Series.WORKSTATION), "the refused reissue took a CRL number");
        assertEquals(audited, audited(e));
    }

    /**
     * The default mailer writes a message to a temporary file and renames it; when the write
     * fails half-way (a full disk: here a file size limit smaller than the mail), the temporary
     * file, which then holds the first part of the mail with the PIN/PUK halves, must not stay
     * in the mail folder. The send is reported failed (PIN_HALF_NOT_SENT), and the caller
     * resends: each failure used to leave one more such file.
     */
    @Test
    void aMailThatCannotBeWrittenWholeLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("mail");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 2 && exec \"$0\" \"$@\""));
        cmd.addAll(ChildJvm.builder(MailerFileLimitChild.class, Map.of(), folder.toString())
                .command());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertTrue(out.contains("FAILED org.sigillo.engine.Mailer$MailException"), "precondition: the send failed: " + out);
        assertFalse(out.contains("LEFT "), "files left in the mail folder by a failed send: " + out);
    }
}
