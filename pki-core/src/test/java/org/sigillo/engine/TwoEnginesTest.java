package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.ca.testing.TestPki;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.status.CertStatus;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;

/**
 * Two engines on one real PostgreSQL: what engine A changes reaches engine B's live status at B's
 * next sync of the store, and {@link Sigillo#followStore} runs that sync on its own (every interval,
 * 250 ms by default: how soon is the interval's business, not asserted here with a stopwatch).
 */
class TwoEnginesTest {

    @Test
    void aChangeThroughOneEngineReachesTheOtherAtItsNextStoreSync(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        IstatCode roma = IstatCode.parse("058091");
        Supplier<Database> pg = TestDatabases.fresh(Dialect.POSTGRESQL, dir);
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database dbA = pg.get();
             Database dbB = pg.get();
             Sigillo a = Sigillo.open(dbA, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"));
             Sigillo b = Sigillo.open(dbB, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("b"), "b"))) {
            a.enti().add(Ente.of(roma, "Roma Capitale"));
            String code = a.workstations().register(roma, Optional.empty()).toString();
            a.batch().run();
            byte[] issuer = pki.hierarchy().workstationCa().keyId();
            BigInteger serial = a.certificates().require(code).serial().orElseThrow();

            // B answers from its live view only: each change is there after one sync of B, not before
            assertEquals(CertStatus.UNKNOWN, b.status().status(issuer, serial), "B has not synced since A issued");
            assertTrue(b.syncStatusNow() >= 1);
            assertInstanceOf(CertStatus.Good.class, b.status().status(issuer, serial), "issued");
            a.certificates().block(code);
            assertInstanceOf(CertStatus.Good.class, b.status().status(issuer, serial), "B has not synced since A blocked");
            assertTrue(b.syncStatusNow() >= 1);
            assertTrue(b.status().status(issuer, serial) instanceof CertStatus.Revoked r && r.isHold(), "blocked: on hold");
            a.certificates().unblock(code);
            assertTrue(b.syncStatusNow() >= 1);
            assertInstanceOf(CertStatus.Good.class, b.status().status(issuer, serial), "unblocked");
            assertEquals(0, b.syncStatusNow(), "nothing changed since the last sync");

            // followed, B syncs on its own: the cancel reaches it with no call to B at all
            try (AutoCloseable follow = b.followStore(Duration.ofMillis(100))) {
                a.certificates().cancel(code, RevocationReason.KEY_COMPROMISE, Optional.empty());
                waitFor(b, issuer, serial, st -> st instanceof CertStatus.Revoked r && !r.isHold());
            }
            assertEquals(CertStatus.UNKNOWN, b.status().status(issuer, BigInteger.TEN));
        }
    }

    /** Waits until B's status satisfies {@code done}; a deadline only against a hang, far beyond the follow interval. */
    private static void waitFor(Sigillo engine, byte[] issuer, BigInteger serial, Predicate<CertStatus> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.test(engine.status().status(issuer, serial))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("engine B never saw the change; status " + engine.status().status(issuer, serial));
            }
            Thread.sleep(5);
        }
    }
}
