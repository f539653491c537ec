package org.sigillo.engine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaSettings;
import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Pkcs11Settings;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;
import org.sigillo.testing.MutableClock;

/**
 * The child-JVM side of {@link BatchTokenOutageTest}: an engine on the one token of the
 * isolated SoftHSM2 configuration in its environment, whose token directory is moved away in
 * the middle of a batch and back afterwards. It checks nothing itself; it prints one flushed
 * line per observation for the parent:
 * <ul>
 * <li>{@code WSCA der-base64}: the workstation CA certificate;
 * <li>{@code REQUESTED phase code}: a registered workstation;
 * <li>{@code TRIPPED mint}: the token directory was moved away while the {@code mint}-th request of the batch was minted;
 * <li>{@code BATCH phase issued failed} or {@code BATCH phase THREW FAULT|LEAK class message}: how {@code batch().run()} ended;
 * <li>{@code FAILED phase code reason}, {@code ISSUED phase code}: the report's entries;
 * <li>{@code FAULT phase code fault}: the typed HSM fault of each failure ({@code none} when untyped);
 * <li>{@code ROW phase code state serialHex|- der|-}: every certificate row after the phase;
 * <li>{@code QUEUED phase code}: what {@code list(ente, empty, RICHIESTA_IN_LAVORAZIONE)} answers after the phase;
 * <li>{@code AUDIT phase verification}: {@code verifyAudit()} after the phase;
 * <li>{@code CERT code serialHex der-base64}: every issued certificate at the end.
 * </ul>
 *
 * <p>Arguments: work directory (holding {@code tokens/} of the isolated configuration), token label.
 */
public final class BatchOutageChild {
    /** The ente every workstation belongs to. */
    static final IstatCode ENTE = IstatCode.parse("058091");
    /** Workstations issued before the outage, to show the set-up works. */
    static final int FIRST = 20;
    /** Workstations queued for the batch the token vanishes in. */
    static final int DURING = 200;
    /** The token goes away while the batch mints its request number {@value}. */
    static final int TRIP_AT = 50;
    /** The vault waits this long (on its own clock) between reconnection attempts. */
    static final Duration BACKOFF = Duration.ofMinutes(1);

    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

    private BatchOutageChild() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String label = args[1];
        Path tokenDir = onlyTokenDirectory(work.resolve("tokens"));
        Path away = work.resolve("token-away");
        MutableClock vaultClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TripwireClock engineClock = new TripwireClock(() -> move(tokenDir, away));
        try (KeyVault vault = KeyVault.openPkcs11(Pkcs11Settings.builder().module(SoftHsm.MODULE).tokenLabel(label)
                .pin(SoftHsm.USER_PIN.toCharArray()).reconnectBackoff(BACKOFF).clock(vaultClock).build());
             Database db = Database.openH2(work.resolve("db"))) {
            CaHierarchy ca = CaHierarchy.create(vault, CaSettings.builder().keySpec(KeySpec.EC_P256).build(), Clock.systemUTC());
            EngineSettings settings = new EngineSettings(engineClock, KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60),
                    work.resolve("crl"), 2, 10, 5, "outage-child");
            try (Sigillo engine = Sigillo.open(db, ca, vault.sealer("outage-kek"), settings)) {
                line("WSCA", b64(ca.workstationCa().certificate().getEncoded()));
                engine.enti().add(Ente.of(ENTE, "Comune di Roma"));

                register(engine, "FIRST", FIRST);
                batch(engine, "FIRST");

                register(engine, "OUTAGE", DURING);
                engineClock.arm(TRIP_AT);
                batch(engine, "OUTAGE");
                state(engine, "OUTAGE");

                // Still away: a second batch fails fast (the vault waits for its backoff) and loses nothing either.
                batch(engine, "AWAY");
                state(engine, "AWAY");

                move(away, tokenDir);
                vaultClock.advance(BACKOFF.multipliedBy(2));
                batch(engine, "RESTORED");
                state(engine, "RESTORED");

                for (CertificateRecord r : engine.certificates().list(ENTE, Optional.empty(), Optional.empty())) {
                    if (r.der().isPresent()) {
                        line("CERT", r.code(), r.serialHex().orElse("-"), b64(r.der().get()));
                    }
                }
            }
        }
        OUT.flush();
        System.exit(0);
    }

    private static void register(Sigillo engine, String phase, int n) {
        for (int i = 0; i < n; i++) {
            line("REQUESTED", phase, engine.workstations().register(ENTE, Optional.empty()).toString());
        }
    }

    private static void batch(Sigillo engine, String phase) {
        BatchReport report;
        try {
            report = engine.batch().run();
        } catch (HsmException e) {
            line("BATCH", phase, "THREW", "FAULT", e.fault().name(), oneLine(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            line("BATCH", phase, "THREW", "LEAK", e.getClass().getName(), oneLine(String.valueOf(e.getMessage())));
            return;
        }
        line("BATCH", phase, String.valueOf(report.issued().size()), String.valueOf(report.failed().size()));
        report.issued().forEach(code -> line("ISSUED", phase, code));
        report.failed().forEach(f -> line("FAILED", phase, f.code(), oneLine(f.reason())));
        report.failed().forEach(f -> line("FAULT", phase, f.code(), f.hsmFault().map(Enum::name).orElse("none")));
    }

    private static void state(Sigillo engine, String phase) {
        for (CertificateRecord r : engine.certificates().list(ENTE, Optional.empty(), Optional.empty())) {
            line("ROW", phase, r.code(), r.state().name(), r.serialHex().orElse("-"), r.der().isPresent() ? "der" : "-");
        }
        for (CertificateRecord r : engine.certificates().list(ENTE, Optional.empty(),
                Optional.of(CertificateState.RICHIESTA_IN_LAVORAZIONE))) {
            line("QUEUED", phase, r.code());
        }
        line("AUDIT", phase, oneLine(String.valueOf(engine.verifyAudit())));
    }

    /** The isolated configuration holds one token: its directory is the only one under {@code tokens}. */
    private static Path onlyTokenDirectory(Path tokens) throws Exception {
        try (Stream<Path> dirs = Files.list(tokens)) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected one token directory in " + tokens + ", found " + all);
            }
            return all.get(0);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static synchronized void line(String... words) {
        OUT.println(String.join(" ", words));
        OUT.flush();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The engine's clock (system time) with a tripwire: once armed, the {@code n}-th reading on a
     * batch signing thread (the minter reads the clock once per request, before the CA signs)
     * runs the action first. So the token goes away at a known point in the middle of a batch,
     * while the other signing thread is working too.
     */
    private static final class TripwireClock extends Clock {
        private final Runnable action;
        private final AtomicInteger remaining = new AtomicInteger(-1);

        TripwireClock(Runnable action) {
            this.action = action;
        }

        void arm(int n) {
            remaining.set(n);
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().startsWith("sigillo-batch-") && remaining.get() > 0
                    && remaining.decrementAndGet() == 0) {
                action.run();
                line("TRIPPED", String.valueOf(TRIP_AT));
            }
            return Instant.now();
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
