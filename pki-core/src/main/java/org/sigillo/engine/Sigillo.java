package org.sigillo.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.hsm.EnvelopeSealer;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.Sealer;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusUser;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Principal;
import org.sigillo.store.AuditCheckpoint;
import org.sigillo.store.AuditLog;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.SchemaMigrator;
import org.sigillo.validation.DualCheckValidator;
import org.sigillo.validation.LiveRegistry;

/**
 * The engine: one CA hierarchy (keys in a {@link KeyVault}), one store, one
 * clock, and the services a console backend or the operators' command calls. Opening it
 * migrates the schema and loads the live revocation view; the caller owns (and closes) the
 * database and the vault.
 */
public final class Sigillo implements AutoCloseable {
    private final Database db;
    private final CaHierarchy ca;
    private final EngineSettings settings;
    private final CertificateStore store;
    private final Audit audit;
    private final LiveStatus live = new LiveStatus();
    private final Enti enti;
    private final Certificates certificates;
    private final Workstations workstations;
    private final Servers servers;
    private final Cards cards;
    private final Users users;
    private final LivePeople livePeople;
    private final Guard guard;
    private final BatchIssuer batch;
    private final Crls crls;
    private final DurableCounters counters;
    /** The store followers running, stopped by {@link #close}. */
    private final Set<ExecutorService> followers =
            ConcurrentHashMap.newKeySet();

    private Sigillo(Database db, CaHierarchy ca, Sealer sealer, EngineSettings settings, Mailer mailer) {
        this.db = Objects.requireNonNull(db, "db");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.settings = Objects.requireNonNull(settings, "settings");
        new SchemaMigrator(db, settings.clock()).migrate();
        this.counters = new DurableCounters(db);
        this.store = new CertificateStore(counters);
        this.audit = new Audit(new AuditLog(db, settings.clock()), settings.actor());
        this.enti = new Enti(db, store, audit);
        PeopleStore people = new PeopleStore(counters);
        this.livePeople = new LivePeople(people, store);
        this.guard = new Guard(people);
        this.certificates = new Certificates(db, store, audit, live, settings.clock(), guard);
        Sealer envelope = new EnvelopeSealer(sealer);
        IssuerCoverage coverage = new IssuerCoverage(ca, settings.clock());
        this.workstations = new Workstations(db, store, audit, counters, settings, ca, envelope, guard, coverage);
        this.servers = new Servers(db, store, audit, counters, settings, guard, coverage);
        this.cards = new Cards(db, store, people, audit, counters, settings, guard, livePeople, live, envelope,
                Objects.requireNonNull(mailer, "mailer"), certificates, coverage);
        this.users = new Users(db, store, people, audit, guard, livePeople, live, cards, settings.clock(), mailer);
        this.batch = new BatchIssuer(db, store, audit, live, settings, ca, envelope, servers, certificates);
        this.crls = new Crls(db, ca, settings, audit);
        syncStatusNow();
    }

    // -1, not 0: rows that existed before migration V4 carry change_seq 0 and must be in the first load
    private final AtomicLong lastChange = new AtomicLong(-1);
    private final AtomicLong lastPeopleChange = new AtomicLong();

    /**
     * Brings the live status view up to date with every change committed to the store,
     * including changes made by other engines on the same database (certificate status and
     * people). Returns how many certificates and people changed.
     */
    public synchronized int syncStatusNow() {
        int[] n = {0};
        long[] max = {0};
        long seen = lastChange.get();
        long seenPeople = lastPeopleChange.get();
        // one read transaction for both views (applying a certificate twice, on a rerun, is harmless)
        LivePeople.Changes changed = db.inTransaction(tx -> {
            n[0] = 0;
            max[0] = store.forEachChangedSince(tx, seen, r -> {
                live.apply(r);
                n[0]++;
            });
            return livePeople.readChangedSince(tx, seenPeople);
        });
        lastChange.set(max[0]);
        changed.snapshots().forEach(livePeople::apply);
        lastPeopleChange.set(changed.upTo());
        return n[0] + changed.snapshots().size();
    }

    /**
     * Follows the store every {@code interval} so that changes made through other engines on
     * the same (PostgreSQL) database reach this engine's OCSP answers and dual checks; close the
     * handle to stop. A bounded poll of an indexed change number: simple, and well inside one
     * second at the default 250 ms.
     */
    public AutoCloseable followStore(Duration interval) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigillo-status-sync");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                syncStatusNow();
            } catch (RuntimeException e) {
                System.getLogger(Sigillo.class.getName()).log(System.Logger.Level.WARNING, "status sync failed: {0}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        followers.add(s);
        return () -> {
            followers.remove(s);
            Background.stop(s);
        };
    }

    /** Opens the engine over an existing hierarchy and store. */
    public static Sigillo open(Database db, CaHierarchy ca, Sealer sealer, EngineSettings settings) {
        return open(db, ca, sealer, settings, Mailer.folder(settings.crlDirectory().toAbsolutePath().resolveSibling("mail"),
                settings.clock()));
    }

    /**
     * Opens the engine with its own {@link Mailer} (the PIN/PUK e-mail halves go through it).
     * Without one, mail is written as {@code .eml} files to the folder {@code mail} beside the
     * CRL directory.
     */
    public static Sigillo open(Database db, CaHierarchy ca, Sealer sealer, EngineSettings settings,
                               Mailer mailer) {
        return new Sigillo(db, ca, sealer, settings, mailer);
    }

    public CaHierarchy ca() {
        return ca;
    }

    public Enti enti() {
        return enti;
    }

    /** Lifecycle of any certificate, by code or serial. */
    public Certificates certificates() {
        return certificates;
    }

    public Workstations workstations() {
        return workstations;
    }

    public Servers servers() {
        return servers;
    }

    /**
     * The security console's operations for one logged-in person (the principal of their dual
     * check): every call is authorized against "Who may do what" before anything is written.
     */
    public ConsoleSession console(Principal principal) {
        return new ConsoleSession(principal, this);
    }

    public Users users() {
        return users;
    }

    /**
     * The live view of people for the dual check (current cards, registrations, user states),
     * kept up to date by this engine's own changes at once and by other engines' changes through
     * {@link #syncStatusNow()} / {@link #followStore}. Reads never touch the database.
     */
    public LiveRegistry people() {
        return livePeople;
    }

    public Cards cards() {
        return cards;
    }

    public BatchIssuer batch() {
        return batch;
    }

    public Crls crls() {
        return crls;
    }

    /** The live revocation view (OCSP, validator). */
    public LiveStatus status() {
        return live;
    }

    /**
     * A new dual-check validator over this engine: its two issuing CAs, its live status and
     * people views, its clock. Keep the one you make: its cache is what makes warm checks fast.
     */
    public DualCheckValidator dualCheckValidator() {
        return DualCheckValidator.builder().workstationCa(ca.workstationCa().certificate())
                .smartCardCa(ca.smartCardCa().certificate()).statusSource(live).liveRegistry(livePeople)
                .clock(settings.clock()).build();
    }

    /** Issued certificates that expire within {@code window} from now, soonest first. */
    public List<CertificateRecord> expiring(Duration window) {
        Instant now = settings.clock().instant();
        Instant before = now.plus(window);
        // not the ones already past notAfter that no batch has moved to SCADUTO yet
        return db.inTransaction(tx -> store.expiringBefore(tx, before)).stream()
                .filter(r -> !r.notAfter().orElseThrow().isBefore(now)).toList();
    }

    /**
     * Imports an ente's initial census in one transaction: the ente (added when new), one
     * workstation request per declared workstation (with its label), the server certificate
     * request, and every user of the census with their registration (profiles, environments,
     * e-mail). The census was validated whole when parsed; if anything here is refused (a user
     * already registered in the ente, say), nothing is stored. Smart cards are requested per
     * person once the card's key exists ({@link Cards#request}); the census cannot carry a CSR.
     */
    public List<String> importCensus(Census census) {
        return importCensus(census, Progress.NONE);
    }

    /** {@link #importCensus(Census)}, telling {@code progress} after each stored workstation and user. */
    public List<String> importCensus(Census census, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        return Outcome.commit(db, livePeople, live, (tx, o) -> {
            IstatCode ente = census.ente().code();
            if (store.insertEnteIfAbsent(tx, census.ente())) {
                audit.append(tx, Audit.ENTE_ADDED, ente.value(), census.ente().name() + " (census)");
            }
            // the initial census is made once: afterwards the data change only through the console
            // (guide 002 3: "I dati inseriti saranno definitivi e potranno essere successivamente
            // modificati solo attraverso la console di sicurezza"); the counter's row lock also
            // orders two imports of one ente, and a refused import takes its increment back
            if (counters.next(tx, "census-" + ente.value()) > 1) {
                throw new RefusedException(Refusal.CENSUS_DONE, "the initial census of ente " + ente
                        + " was imported already: later changes go through the console");
            }
            List<String> codes = new ArrayList<>();
            int n = Math.min(census.declaredWorkstations(), census.workstations().size());
            int total = n + 1 + census.users().size();
            for (int i = 0; i < n; i++) {
                var label = census.workstations().get(i).label().filter(l -> !l.isBlank())
                        .map(WorkstationLabel::new);
                codes.add(workstations.register(tx, Actor.operator(), ente, label).toString());
                progress.advanced(codes.size(), total);
            }
            codes.add(servers.request(tx, Actor.operator(), ente, "census").toString());
            progress.advanced(codes.size(), total);
            int done = codes.size();
            for (CensusUser u : census.users()) {
                NewUser nu = NewUser.of(u);
                users.insert(tx, Actor.operator(), ente, nu, "census line " + u.line());
                o.person(nu.cf());
                progress.advanced(++done, total);
            }
            return codes;
        });
    }

    /** Walks the audit chain. */
    public AuditVerification verifyAudit() {
        return audit.log().verify();
    }

    /** Walks the audit chain and checks that it still passes through {@code checkpoint}, a head kept outside the store. */
    public AuditVerification verifyAudit(AuditCheckpoint checkpoint) {
        return audit.log().verify(checkpoint);
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        // what the engine started stops with it: the batch's signers, the CRL schedules, the store followers
        batch.close();
        crls.close();
        for (ExecutorService s : followers) {
            followers.remove(s);
            Background.stop(s);
        }
    }
}
