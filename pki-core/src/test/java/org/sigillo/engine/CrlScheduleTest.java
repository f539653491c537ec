package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;

/** CRLs reissued on a schedule: full and delta numbers keep rising until the schedule is closed. */
class CrlScheduleTest {

    @Test
    void reissuesFullAndDeltaCrlsOnASchedule(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database db = TestDatabases.fresh(Dialect.H2, dir).get();
             Sigillo e = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("kek"),
                     EngineSettings.defaults(clock, dir.resolve("crl"), "scheduler"))) {
            assertThrows(IllegalArgumentException.class, () -> e.crls().schedule(Duration.ofDays(2), Duration.ZERO),
                    "full CRLs less often than a CRL lives would leave an expired CRL published");
            long stoppedAt;
            try (AutoCloseable schedule = e.crls().schedule(Duration.ofMillis(300), Duration.ofMillis(100))) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (e.crls().lastNumber(Crls.Series.WORKSTATION).orElse(0L) < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(e.crls().lastNumber(Crls.Series.WORKSTATION).orElse(0L) >= 6, "several CRLs were issued");
                assertTrue(Files.exists(dir.resolve("crl/workstation.crl")) && Files.exists(dir.resolve("crl/workstation-delta.crl"))
                        && Files.exists(dir.resolve("crl/smartcard.crl")) && Files.exists(dir.resolve("crl/root.crl")),
                        "full and delta files of both issuing series, the root's full CRL");
            }
            Thread.sleep(200);
            stoppedAt = e.crls().lastNumber(Crls.Series.WORKSTATION).orElseThrow();
            Thread.sleep(500);
            assertTrue(e.crls().lastNumber(Crls.Series.WORKSTATION).orElseThrow() == stoppedAt, "closing the schedule stops it");
        }
    }
}
