package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Two engines on one real PostgreSQL: what engine A changes reaches engine B's live status within a second. */
class TwoEnginesTest {

    @Test
    void aChangeThroughOneEngineReachesTheOtherWithinOneSecond(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        IstatCode roma = IstatCode.parse("058091");
        Supplier<Database> pg = TestDatabases.fresh(Dialect.POSTGRESQL, dir);
        try (TestPki pki = TestPki.create(KeySpec.EC_P256, clock);
             Database dbA = pg.get();
             Database dbB = pg.get();
             Sigillo a = Sigillo.open(dbA, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("a"), "a"));
             Sigillo b = Sigillo.open(dbB, pki.hierarchy(), pki.vault().sealer("kek"), EngineSettings.defaults(clock, dir.resolve("b"), "b"));
             AutoCloseable follow = b.followStore(Duration.ofMillis(100))) {
            a.enti().add(Ente.of(roma, "Roma Capitale"));
            String code = a.workstations().register(roma, Optional.empty()).toString();
            a.batch().run();
            byte[] issuer = pki.hierarchy().workstationCa().keyId();
            BigInteger serial = a.certificates().require(code).serial().orElseThrow();

            long issued = waitFor(b, issuer, serial, s -> s instanceof CertStatus.Good);
            a.certificates().block(code);
            long blocked = waitFor(b, issuer, serial, s -> s instanceof CertStatus.Revoked r && r.isHold());
            a.certificates().unblock(code);
            long unblocked = waitFor(b, issuer, serial, s -> s instanceof CertStatus.Good);
            a.certificates().cancel(code, RevocationReason.KEY_COMPROMISE, Optional.empty());
            long cancelled = waitFor(b, issuer, serial, s -> s instanceof CertStatus.Revoked r && !r.isHold());
            for (long ms : new long[] {issued, blocked, unblocked, cancelled}) {
                assertTrue(ms < 1000, "engine B saw the change after " + ms + " ms");
            }
            assertEquals(CertStatus.UNKNOWN, b.status().status(issuer, BigInteger.TEN));
        }
    }

    private static long waitFor(Sigillo engine, byte[] issuer, BigInteger serial, Predicate<CertStatus> done) throws InterruptedException {
        long start = System.nanoTime();
        while (!done.test(engine.status().status(issuer, serial))) {
            if (System.nanoTime() - start > 5_000_000_000L) {
                throw new AssertionError("engine B never saw the change; status " + engine.status().status(issuer, serial));
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
