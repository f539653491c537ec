package org.sigillo.engine;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.Transition;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;

/**
 * The lifecycle of issued certificates of every kind: block (certificateHold), unblock, cancel
 * (permanent), expiry. Each change, its revocation event and its audit entry commit together;
 * an illegal transition throws {@link org.sigillo.lifecycle.IllegalTransitionException} and
 * writes nothing. The live status view changes right after the commit, so the very next OCSP
 * answer or dual check sees it.
 */
public final class Certificates {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final LiveStatus live;
    private final Clock clock;

    Certificates(Database db, CertificateStore store, Audit audit, LiveStatus live, Clock clock) {
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.live = live;
        this.clock = clock;
    }

    public Optional<CertificateRecord> find(String code) {
        return db.inTransaction(tx -> store.byCode(tx, code));
    }

    public Optional<CertificateRecord> findBySerial(BigInteger serial) {
        return db.inTransaction(tx -> store.bySerial(tx, serial));
    }

    /**
     * @throws RefusedException {@link Refusal#UNKNOWN_CERTIFICATE}
     */
    public CertificateRecord require(String code) {
        return find(code).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_CERTIFICATE, "no certificate with code " + code));
    }

    public List<CertificateRecord> list(IstatCode ente, Optional<CertificateKind> kind, Optional<CertificateState> state) {
        return db.inTransaction(tx -> store.ofEnte(tx, ente, kind, state));
    }

    /** BLOCCA: temporary; listed as certificateHold. */
    public CertificateRecord block(String code) {
        return change(code, Transition.BLOCK, Optional.of(RevocationReason.CERTIFICATE_HOLD), Optional.empty(), "HOLD",
                Audit.CERT_BLOCKED);
    }

    /** SBLOCCA: lifts a block; removeFromCRL in the next delta CRL. */
    public CertificateRecord unblock(String code) {
        return change(code, Transition.UNBLOCK, Optional.empty(), Optional.empty(), "RELEASE", Audit.CERT_UNBLOCKED);
    }

    /**
     * CANCELLA: permanent revocation with {@code reason} (unspecified, keyCompromise,
     * superseded, cessationOfOperation, ...; never certificateHold).
     */
    public CertificateRecord cancel(String code, RevocationReason reason, Optional<Instant> invalidityDate) {
        if (reason == RevocationReason.CERTIFICATE_HOLD || reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("a cancel is permanent: " + reason + " is not a cancel reason (use block)");
        }
        return change(code, Transition.CANCEL, Optional.of(reason), invalidityDate, "REVOKE", Audit.CERT_CANCELLED);
    }

    private CertificateRecord change(String code, Transition t, Optional<RevocationReason> reason, Optional<Instant> invalidity,
                                     String event, org.sigillo.store.AuditAction action) {
        CertificateRecord after = db.inTransaction(tx -> {
            CertificateRecord r = store.byCode(tx, code).orElseThrow(
                    () -> new RefusedException(Refusal.UNKNOWN_CERTIFICATE, "no certificate with code " + code));
            CertificateState next = r.state().after(t);
            Instant now = clock.instant();
            store.writeState(tx, r, next, reason, invalidity, event, now);
            audit.append(tx, action, r.code(), "serial=" + r.serialHex().orElse("-") + " " + r.state() + "->" + next
                    + reason.map(x -> " reason=" + x).orElse(""));
            return store.byId(tx, r.id()).orElseThrow();
        });
        live.apply(after);
        return after;
    }

    /** Moves every issued certificate past its notAfter to SCADUTO; returns how many. */
    public int expireDue() {
        List<CertificateRecord> expired = db.inTransaction(tx -> {
            List<CertificateRecord> due = store.expireDue(tx, clock.instant());
            for (CertificateRecord r : due) {
                audit.append(tx, Audit.CERT_EXPIRED, r.code(), "serial=" + r.serialHex().orElse("-"));
            }
            return due;
        });
        return expired.size();
    }
}
