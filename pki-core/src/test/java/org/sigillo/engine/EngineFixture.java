package org.sigillo.engine;

import java.nio.file.Path;
import java.time.Clock;

import org.sigillo.ca.testing.TestPki;
import org.sigillo.hsm.KeySpec;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;
import org.sigillo.store.Dialect;
import org.sigillo.store.testing.TestDatabases;

/**
 * One engine for a test: its own EC P-256 hierarchy on a SoftHSM2 token, a fresh H2 store under
 * {@code dir}, and the ente {@link #ROMA} added; {@link #close} closes them in reverse order.
 */
final class EngineFixture implements AutoCloseable {
    static final IstatCode ROMA = IstatCode.parse("058091");

    final TestPki pki;
    final Database db;
    private Sigillo engine;

    /** An engine with the default settings on {@code clock}, CRLs under {@code dir/crl}. */
    EngineFixture(Clock clock, Path dir) {
        this(clock, dir, EngineSettings.defaults(clock, dir.resolve("crl"), "test-operator"));
    }

    /** An engine with {@code settings}; the hierarchy is made on {@code pkiClock}. */
    EngineFixture(Clock pkiClock, Path dir, EngineSettings settings) {
        pki = TestPki.create(KeySpec.EC_P256, pkiClock);
        db = TestDatabases.fresh(Dialect.H2, dir).get();
        engine = Sigillo.open(db, pki.hierarchy(), pki.vault().sealer("sigillo-kek"), settings);
        engine.enti().add(Ente.of(ROMA, "Comune di Roma"));
    }

    Sigillo engine() {
        return engine;
    }

    /** The test closed the engine itself: {@link #close} leaves it. */
    void engineClosed() {
        engine = null;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        db.close();
        pki.close();
    }
}
