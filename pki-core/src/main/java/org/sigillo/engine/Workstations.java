package org.sigillo.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.Sealer;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Operation;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;

/**
 * Workstation certificates ({ISTAT}-PC-{NNNN}): registration (which queues the request), the
 * ALP's tamper-evident register of physical PCs, and export as PKCS#12 with a fresh
 * installation password shown once.
 */
public final class Workstations {
    /** A Prefettura has at most five workstations (DOMAIN.md "Who is who"; the 2017 guide: "cinque"), queued or in force. */
    public static final int PREFETTURA_MAX_WORKSTATIONS = 5;
    private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final DurableCounters counters;
    private final EngineSettings settings;
    private final CaHierarchy ca;
    private final Sealer sealer;
    private final Guard guard;
    private final IssuerCoverage coverage;

    Workstations(Database db, CertificateStore store, Audit audit, DurableCounters counters, EngineSettings settings,
                 CaHierarchy ca, Sealer sealer, Guard guard, IssuerCoverage coverage) {
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.counters = counters;
        this.settings = settings;
        this.ca = ca;
        this.sealer = sealer;
        this.guard = guard;
        this.coverage = coverage;
    }

    /**
     * Registers a workstation: takes the ente's next progressive (never reused) and queues its
     * certificate request, in one transaction.
     *
     * @throws RefusedException {@link Refusal#UNKNOWN_ENTE}, {@link Refusal#CODE_SPACE_EXHAUSTED},
     *         {@link Refusal#CA_EXPIRES_TOO_SOON}
     */
    public EntityCode register(IstatCode ente, Optional<WorkstationLabel> label) {
        return register(Actor.operator(), ente, label);
    }

    /** {@link #register(IstatCode, Optional)} by {@code actor}, authorized in the same transaction. */
    EntityCode register(Actor actor, IstatCode ente, Optional<WorkstationLabel> label) {
        return db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.REGISTER_WORKSTATION, ente);
            return register(tx, actor, ente, label);
        });
    }

    EntityCode register(Transaction tx, Actor actor, IstatCode ente, Optional<WorkstationLabel> label)
            throws SQLException {
        store.requireEnte(tx, ente);
        coverage.requireNow(CertificateKind.WORKSTATION); // before the code is taken: a refusal spends none
        if (ente.isPrefettura()) {
            store.lockEnte(tx, ente); // the count below stays true until the commit, as for a Prefettura's users
            long inForce = store.ofEnte(tx, ente, Optional.of(CertificateKind.WORKSTATION), Optional.empty()).stream()
                    .filter(r -> switch (r.state()) {
                        case RICHIESTA_IN_LAVORAZIONE, ATTIVO, BLOCCATO, REVOCA_IN_LAVORAZIONE -> true;
                        default -> false;
                    }).count();
            if (inForce >= PREFETTURA_MAX_WORKSTATIONS) {
                throw new RefusedException(Refusal.LIMIT_REACHED, "a Prefettura has at most " + PREFETTURA_MAX_WORKSTATIONS
                        + " workstations (DOMAIN.md); ente " + ente + " has " + inForce);
            }
        }
        long n = counters.next(tx, "pc-" + ente.value());
        if (n > 9999) {
            throw new RefusedException(Refusal.CODE_SPACE_EXHAUSTED, "ente " + ente + " has used all 9999 workstation codes");
        }
        EntityCode code = EntityCode.workstation(ente, (int) n);
        store.insertRequest(tx, CertificateKind.WORKSTATION, code.toString(), ente, label.map(WorkstationLabel::value),
                settings.endEntityKeys(), Optional.empty(), null, settings.clock().instant());
        audit.append(tx, actor, Audit.CERT_REQUESTED, code.toString(), "kind=WORKSTATION"
                + label.map(l -> " label=" + l.value()).orElse(""));
        return code;
    }

    /**
     * Records which physical PC carries a workstation certificate, or which server carries a
     * server certificate (guides 001 and 002: the register of the ente's "postazioni e server"),
     * in the tamper-evident audit chain. Only an issued certificate still in force (ATTIVO or BLOCCATO) is bound to a PC; a
     * queued request is refused as {@link Refusal#NOT_ISSUED}, a cancelled or expired one as
     * {@link Refusal#NOT_ACTIVE}, each writing nothing.
     */
    public void registerPc(String code, String mac, String hostname) {
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("MAC address must be six hex pairs separated by ':' or '-', was: " + mac);
        }
        if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("computer name must be 1-63 letters, digits or '-', was: " + hostname);
        }
        db.inTransaction(tx -> {
            CertificateRecord r = store.requireByCode(tx, code);
            if (r.kind() == CertificateKind.SMART_CARD) {
                // the register holds the ente's PCs and the servers carrying its server certificate
                // (guide 001: "occorre annotare nel «Registro» anche i server comunali"), never a card
                throw new RefusedException(Refusal.WRONG_KIND, r.code() + " is a smart-card certificate, installed on no PC or server");
            }
            switch (r.state()) {
                case ATTIVO, BLOCCATO -> { } // installed on a PC (a blocked one may move to another PC too)
                case RICHIESTA_IN_LAVORAZIONE, RICHIESTA_ANNULLATA -> throw new RefusedException(Refusal.NOT_ISSUED,
                        r.code() + " is " + r.state() + ": no certificate was issued to install on a PC");
                case REVOCA_IN_LAVORAZIONE, REVOCATO, SCADUTO -> throw new RefusedException(Refusal.NOT_ACTIVE,
                        r.code() + " is " + r.state() + ": a cancelled or expired certificate is bound to no PC");
            }
            if (r.expiredAt(settings.clock().instant())) {
                throw new RefusedException(Refusal.NOT_ACTIVE, r.code() + " expired at " + r.notAfter().orElseThrow()
                        + ": a cancelled or expired certificate is bound to no PC");
            }
            audit.append(tx, Audit.PC_REGISTERED, r.code(), "mac=" + mac.toUpperCase().replace('-', ':') + " hostname=" + hostname);
            return null;
        });
    }

    /** One row of the ALP's register: a PC bound to a workstation code at a time. */
    public record PcRegistration(String code, String mac, String hostname, Instant at) {
    }

    /**
     * The register's history for a code (read as {@link Certificates#require} reads it), oldest first,
     * read from the audit chain.
     *
     * @throws InvalidCodeException when {@code code} is not a code at all
     */
    public List<PcRegistration> pcHistory(String code) {
        String stored = CertificateStore.canonicalCode(code);
        return db.inTransaction(tx -> {
            List<PcRegistration> out = new ArrayList<>();
            for (var e : audit.log().readAbout(tx, Audit.PC_REGISTERED, stored)) {
                String[] parts = e.event().details().split(" ");
                out.add(new PcRegistration(stored, parts[0].substring(4), parts[1].substring(9), e.timestamp()));
            }
            return out;
        });
    }

    /**
     * Exports an active workstation or server certificate with its private key as PKCS#12,
     * protected by a fresh installation password that the result carries (show it once).
     */
    public Export exportWithPrivateKey(String code, Pkcs12Encryption encryption) {
        return exportWithPrivateKey(Actor.operator(), code, encryption);
    }

    /**
     * {@link #exportWithPrivateKey(String, Pkcs12Encryption)} that hands the
     * export to {@code stage} before auditing it: the caller writes it where it goes (a temporary
     * file, say) and publishes it once this returns. If {@code stage} throws, nothing is audited
     * and the exception comes back unchanged; if the audit refuses (the certificate was blocked
     * meanwhile), the caller discards what it staged. So the log never records an export that
     * could not be written, and nothing is published that the log does not record.
     */
    public Export exportWithPrivateKey(String code, Pkcs12Encryption encryption,
                                       Consumer<Export> stage) {
        return exportWithPrivateKey(Actor.operator(), code, encryption, stage);
    }

    /** {@link #exportWithPrivateKey(String, Pkcs12Encryption)} by {@code actor}, authorized first. */
    Export exportWithPrivateKey(Actor actor, String code, Pkcs12Encryption encryption) {
        return exportWithPrivateKey(actor, code, encryption, staged -> { });
    }

    /** The staged export by {@code actor}, authorized first. */
    Export exportWithPrivateKey(Actor actor, String code, Pkcs12Encryption encryption,
                                Consumer<Export> stage) {
        CertificateRecord r = db.inTransaction(tx -> {
            CertificateRecord found = store.requireByCode(tx, code);
            guard.check(tx, actor, Operation.DOWNLOAD_WORKSTATION, found.ente());
            return found;
        });
        Export export = pkcs12(r, encryption);
        try {
            stage.accept(export);
            auditExports(actor, List.of(export), encryption);
            return export;
        } catch (RuntimeException e) {
            export.destroy();
            throw e;
        }
    }

    /** The PKCS#12 of an active workstation or server certificate with its unsealed key; audits nothing. */
    private Export pkcs12(CertificateRecord r, Pkcs12Encryption encryption) {
        String code = r.code();
        if (r.kind() == CertificateKind.SMART_CARD) {
            throw new RefusedException(Refusal.WRONG_KIND, code + " is a smart-card certificate: its key never leaves the card");
        }
        if (r.state() != CertificateState.ATTIVO) {
            throw new RefusedException(Refusal.NOT_ACTIVE, code + " is " + r.state() + "; only ATTIVO certificates are exported");
        }
        if (r.expiredAt(settings.clock().instant())) { // not moved to SCADUTO yet: the batch does that when it next runs
            throw new RefusedException(Refusal.NOT_ACTIVE, code + " expired at " + r.notAfter().orElseThrow()
                    + "; only certificates in force are exported");
        }
        byte[] sealed = db.inTransaction(tx -> store.sealedKey(tx, r.id())).orElseThrow(
                () -> new RefusedException(Refusal.NO_PRIVATE_KEY, code + " has no stored private key"));
        byte[] pkcs8 = sealer.unseal(sealed, code.getBytes(StandardCharsets.UTF_8));
        try {
            PrivateKey key = KeyFactory.getInstance(r.keySpec().jcaAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return Minter.pkcs12(r, key, ca, encryption);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored key of " + code + " does not decode", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Every active workstation and server certificate of an ente, in one ZIP with a file of passwords. */
    public byte[] exportAllWithPrivateKeys(IstatCode ente, Pkcs12Encryption encryption) {
        return exportAllWithPrivateKeys(Actor.operator(), ente, encryption, zip -> { });
    }

    /**
     * {@link #exportAllWithPrivateKeys(IstatCode, Pkcs12Encryption)} that hands
     * the ZIP to {@code stage} before auditing it, as {@link #exportWithPrivateKey(String,
     * Pkcs12Encryption, Consumer)} does.
     */
    public byte[] exportAllWithPrivateKeys(IstatCode ente, Pkcs12Encryption encryption,
                                           Consumer<byte[]> stage) {
        return exportAllWithPrivateKeys(Actor.operator(), ente, encryption, stage);
    }

    /** The ente's workstation certificates, optionally in one state, for {@code actor}, authorized first. */
    List<CertificateRecord> list(Actor actor, IstatCode ente, Optional<CertificateState> state) {
        return db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.SEARCH_WORKSTATIONS, ente);
            store.requireEnte(tx, ente);
            return store.ofEnte(tx, ente, Optional.of(CertificateKind.WORKSTATION), state);
        });
    }

    /** {@link #exportAllWithPrivateKeys(IstatCode, Pkcs12Encryption)} by {@code actor}, authorized first. */
    byte[] exportAllWithPrivateKeys(Actor actor, IstatCode ente, Pkcs12Encryption encryption) {
        return exportAllWithPrivateKeys(actor, ente, encryption, zip -> { });
    }

    /** The staged export-all by {@code actor}, authorized first. */
    byte[] exportAllWithPrivateKeys(Actor actor, IstatCode ente, Pkcs12Encryption encryption,
                                    Consumer<byte[]> stage) {
        List<CertificateRecord> active = db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.DOWNLOAD_ALL_WORKSTATIONS, ente);
            store.requireEnte(tx, ente);
            return store.ofEnte(tx, ente, Optional.empty(), Optional.of(CertificateState.ATTIVO));
        });
        List<Export> exports = new ArrayList<>();
        try {
            for (CertificateRecord r : active) {
                if (r.kind() != CertificateKind.SMART_CARD && !r.expiredAt(settings.clock().instant())) {
                    exports.add(pkcs12(r, encryption));
                }
            }
            byte[] zip = Minter.zip(exports, settings.clock().instant());
            stage.accept(zip);
            auditExports(actor, exports, encryption); // all or none: a failed export-all audits no export
            return zip;
        } finally {
            exports.forEach(Export::destroy);
        }
    }

    /**
     * One CERT_EXPORTED entry per export, in one transaction, each after taking the certificate's
     * row lock and finding it still ATTIVO: a block or cancel that committed while the PKCS#12
     * was being built refuses the export (NOT_ACTIVE), and nothing is handed out.
     */
    private void auditExports(Actor actor, List<Export> exports, Pkcs12Encryption encryption) {
        db.inTransaction(tx -> {
            for (Export e : exports) {
                CertificateState now = store.lockState(tx, e.code());
                if (now != CertificateState.ATTIVO) {
                    throw new RefusedException(Refusal.NOT_ACTIVE, e.code() + " became " + now + " while it was being exported");
                }
                audit.append(tx, actor, Audit.CERT_EXPORTED, e.code(), "pkcs12 encryption=" + encryption);
            }
            return null;
        });
    }

}
