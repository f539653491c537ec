package org.sigillo.engine;

import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.lifecycle.Transition;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Operation;
import org.sigillo.store.AuditAction;
import org.sigillo.store.Database;
import org.sigillo.store.Transaction;

/**
 * The lifecycle of issued certificates of every kind: block (certificateHold), unblock, cancel
 * (permanent), expiry. Each change, its revocation event and its audit entry commit together;
 * an illegal transition throws {@link IllegalTransitionException} and
 * writes nothing. The live status view changes right after the commit, so the very next OCSP
 * answer or dual check sees it.
 */
public final class Certificates {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final LiveStatus live;
    private final Clock clock;
    /** The earliest invalidity date taken (X.509 is younger; RFC 5280 writes it as GeneralizedTime). */
    private static final Instant EARLIEST_INVALIDITY = Instant.parse("1950-01-01T00:00:00Z");

    private final Guard guard;

    Certificates(Database db, CertificateStore store, Audit audit, LiveStatus live, Clock clock, Guard guard) {
        this.guard = guard;
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.live = live;
        this.clock = clock;
    }

    /**
     * The certificate with {@code code}, if any: a workstation or server code (in any case, blanks
     * around it ignored, as {@code EntityCode.parse} reads it) or a card number.
     */
    public Optional<CertificateRecord> find(String code) {
        String stored;
        try {
            stored = CertificateStore.canonicalCode(code); // 058091-pc-0001 finds 058091-PC-0001
        } catch (InvalidCodeException malformed) {
            return Optional.empty(); // no certificate has a code of neither form
        }
        return db.inTransaction(tx -> store.byCode(tx, stored));
    }

    public Optional<CertificateRecord> findBySerial(BigInteger serial) {
        return db.inTransaction(tx -> store.bySerial(tx, serial));
    }

    /**
     * The certificate with {@code code} (a workstation or server code, or a card number).
     *
     * @throws InvalidCodeException when {@code code} is of neither form
     * @throws RefusedException {@link Refusal#UNKNOWN_CERTIFICATE}
     */
    public CertificateRecord require(String code) {
        return db.inTransaction(tx -> store.requireByCode(tx, code));
    }

    public List<CertificateRecord> list(IstatCode ente, Optional<CertificateKind> kind, Optional<CertificateState> state) {
        return db.inTransaction(tx -> store.ofEnte(tx, ente, kind, state));
    }

    /** BLOCCA: temporary; listed as certificateHold. */
    public CertificateRecord block(String code) {
        return block(Actor.operator(), code);
    }

    /** SBLOCCA: lifts a block; removeFromCRL in the next delta CRL. */
    public CertificateRecord unblock(String code) {
        return unblock(Actor.operator(), code);
    }

    /**
     * CANCELLA: permanent revocation with {@code reason} (unspecified, keyCompromise,
     * superseded, cessationOfOperation, ...; never certificateHold).
     */
    public CertificateRecord cancel(String code, RevocationReason reason, Optional<Instant> invalidityDate) {
        return cancel(Actor.operator(), code, reason, invalidityDate);
    }

    /** {@link #block(String)} by {@code actor}, authorized in the same transaction. */
    CertificateRecord block(Actor actor, String code) {
        return change(actor, code, Transition.BLOCK, Operation.BLOCK_CERTIFICATE, Optional.empty(),
                Optional.empty());
    }

    /** {@link #unblock(String)} by {@code actor}, authorized in the same transaction. */
    CertificateRecord unblock(Actor actor, String code) {
        return change(actor, code, Transition.UNBLOCK, Operation.UNBLOCK_CERTIFICATE, Optional.empty(),
                Optional.empty());
    }

    /** {@link #cancel(String, RevocationReason, Optional)} by {@code actor}, authorized in the same transaction. */
    CertificateRecord cancel(Actor actor, String code, RevocationReason reason, Optional<Instant> invalidityDate) {
        Objects.requireNonNull(reason, "reason: a cancel needs a revocation reason");
        Objects.requireNonNull(invalidityDate, "invalidityDate: Optional.empty() when there is none");
        if (reason == RevocationReason.CERTIFICATE_HOLD || reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("a cancel is permanent: " + reason + " is not a cancel reason (use block)");
        }
        if (invalidityDate.isPresent()) {
            Instant d = invalidityDate.get();
            if (d.isAfter(clock.instant()) || d.isBefore(EARLIEST_INVALIDITY)) {
                // the CRL and OCSP carry it: a date no CRL could encode would stop the CA's CRLs for good
                throw new IllegalArgumentException("invalidity date " + d + " must lie between " + EARLIEST_INVALIDITY
                        + " and now (" + clock.instant() + "): it is when the key was compromised or the certificate became invalid");
            }
        }
        return change(actor, code, Transition.CANCEL, Operation.CANCEL_CERTIFICATE, Optional.of(reason),
                invalidityDate);
    }

    private CertificateRecord change(Actor actor, String code, Transition t, Operation op,
                                     Optional<RevocationReason> reason, Optional<Instant> invalidity) {
        CertificateRecord after = db.inTransaction(tx -> {
            CertificateRecord r = store.requireByCode(tx, code);
            guard.check(tx, actor, op, r.ente());
            if (r.kind() == CertificateKind.SMART_CARD) { // for every actor: the card's state and its certificate's move together
                throw new RefusedException(Refusal.WRONG_KIND, r.code() + " is a smart-card certificate: use the card operations"
                        + " (Cards.block, unblock, revoke), which change the card and its certificate together");
            }
            return changeInTx(tx, actor, r, t, reason, invalidity);
        });
        live.apply(after);
        return after;
    }

    /**
     * The one way a certificate's lifecycle changes, inside the caller's transaction: the new
     * state, the revocation event the CRLs read (HOLD, RELEASE, REVOKE; none for a withdrawn
     * request) and the audit entry. {@code reason} is the cancel reason (block always uses
     * certificateHold). Returns the new record; the caller applies it to the live status after
     * the commit.
     *
     * @throws IllegalTransitionException when the state does not allow {@code t}
     */
    CertificateRecord changeInTx(Transaction tx, Actor actor, CertificateRecord r, Transition t, Optional<RevocationReason> reason,
                                 Optional<Instant> invalidity) throws SQLException {
        CertificateState next;
        try {
            next = r.state().after(t);
        } catch (IllegalTransitionException e) {
            throw e.of(r.code());
        }
        Optional<RevocationReason> written;
        String event;
        AuditAction action;
        switch (t) {
            case BLOCK -> {
                written = Optional.of(RevocationReason.CERTIFICATE_HOLD);
                event = "HOLD";
                action = Audit.CERT_BLOCKED;
            }
            case UNBLOCK -> {
                written = Optional.empty();
                event = "RELEASE";
                action = Audit.CERT_UNBLOCKED;
            }
            case CANCEL -> {
                written = Optional.of(reason.orElseThrow(() -> new IllegalArgumentException("a cancel needs a reason")));
                event = "REVOKE";
                action = Audit.CERT_CANCELLED;
            }
            case WITHDRAW -> {
                written = Optional.empty();
                event = null;
                action = Audit.CERT_WITHDRAWN;
            }
            default -> throw new IllegalArgumentException(t + " is not an operator's change");
        }
        store.writeState(tx, r, next, written, invalidity, event, clock.instant());
        audit.append(tx, actor, action, r.code(), "serial=" + r.serialHex().orElse("-") + " " + r.state() + "->" + next
                + written.map(x -> " reason=" + x).orElse(""));
        return store.byId(tx, r.id()).orElseThrow();
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
