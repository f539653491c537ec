package org.sigillo.engine;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.sigillo.ca.CertificateAuthority;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EntityCode;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Operation;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;

/**
 * Server certificates ({ISTAT}-CO-9999, then 9998, ... for each replacement): requests,
 * renewal ahead of expiry, and the ente's active certificate for notification encryption.
 */
public final class Servers {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final DurableCounters counters;
    private final EngineSettings settings;

    private final Guard guard;
    private final IssuerCoverage coverage;

    Servers(Database db, CertificateStore store, Audit audit, DurableCounters counters, EngineSettings settings, Guard guard,
            IssuerCoverage coverage) {
        this.guard = guard;
        this.coverage = coverage;
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.counters = counters;
        this.settings = settings;
    }

    /**
     * Queues a server certificate request for the ente; returns its code.
     *
     * @throws RefusedException {@link Refusal#CA_EXPIRES_TOO_SOON} when the CA ends before a certificate issued now would
     */
    public EntityCode request(IstatCode ente) {
        return request(Actor.operator(), ente);
    }

    /** {@link #request(IstatCode)} by {@code actor}, authorized in the same transaction. */
    EntityCode request(Actor actor, IstatCode ente) {
        return db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.ISSUE_SERVER_CERTIFICATE, ente);
            return request(tx, actor, ente, "requested");
        });
    }

    EntityCode request(Transaction tx, Actor actor, IstatCode ente, String why) throws SQLException {
        return request(tx, actor, ente, why, settings.clock().instant());
    }

    /** {@link #request(Transaction, Actor, IstatCode, String)} made at {@code now}. */
    private EntityCode request(Transaction tx, Actor actor, IstatCode ente, String why, Instant now) throws SQLException {
        store.lockEnte(tx, ente);
        coverage.require(CertificateKind.SERVER, now); // before the code is taken: a refusal spends none
        long generation = counters.next(tx, "co-" + ente.value()) - 1;
        if (generation > 9998) {
            throw new RefusedException(Refusal.CODE_SPACE_EXHAUSTED, "ente " + ente + " has used every server code");
        }
        EntityCode code = EntityCode.server(ente, (int) generation);
        store.insertRequest(tx, CertificateKind.SERVER, code.toString(), ente, Optional.empty(), settings.endEntityKeys(),
                Optional.empty(), null, now);
        audit.append(tx, actor, Audit.CERT_REQUESTED, code.toString(), "kind=SERVER " + why);
        return code;
    }

    /**
     * Queues a replacement for every active server certificate that expires inside the renewal
     * window and has no newer certificate or pending request yet (renewal ex officio). Active
     * means ATTIVO: a blocked (BLOCCATO) server certificate is suspended by an operator's decision,
     * and a replacement issued behind it would put the ente's notifications back in force without
     * that decision being undone; the operator unblocks it (then it renews) or requests a new one
     * ({@link #renew}). None is
     * queued while the CA cannot cover a new certificate (a WARNING names the ones due): the
     * request would be refused {@link Refusal#CA_EXPIRES_TOO_SOON}, and the batch that renews
     * must go on issuing what it can; a CA rollover is the remedy.
     */
    public List<EntityCode> renewDue() {
        Instant now = settings.clock().instant();
        Instant horizon = now.plus(settings.renewalWindow());
        return db.inTransaction(tx -> {
            // Lock the enti due (in one order, so two engines cannot deadlock), then ask again: a
            // renewal another engine queued before its commit released the lock is seen now.
            SortedSet<String> enti = new TreeSet<>();
            List<CertificateRecord> due = store.serversDueForRenewal(tx, horizon);
            due.forEach(r -> enti.add(r.ente().value()));
            if (enti.isEmpty()) {
                return List.<EntityCode>of(); // the common case, every batch: one query
            }
            if (!coverage.covers(CertificateKind.SERVER, now)) {
                CertificateAuthority issuer = coverage.issuerOf(CertificateKind.SERVER);
                System.getLogger(Servers.class.getName()).log(System.Logger.Level.WARNING,
                        "server certificates due for renewal are not renewed: {0} ends at {1}, before a certificate issued "
                                + "now would; a CA rollover is needed: {2}", issuer.role(), issuer.notAfter(),
                        due.stream().map(CertificateRecord::code).toList());
                return List.<EntityCode>of();
            }
            for (String e : enti) {
                store.lockEnte(tx, IstatCode.parse(e));
            }
            List<EntityCode> queued = new ArrayList<>();
            for (CertificateRecord r : store.serversDueForRenewal(tx, horizon)) {
                if (enti.contains(r.ente().value())) { // one that fell due between the reads waits for the next run
                    queued.add(request(tx, Actor.operator(), r.ente(), "renews " + r.code(), now)); // covered at now
                }
            }
            return queued;
        });
    }

    /**
     * Renews the ente's newest active server certificate now, whatever its expiry. Refused
     * (NOTHING_TO_RENEW) when the ente has no active server certificate, or already has a server
     * certificate queued: that one is the renewal, and another would spend a second CO code;
     * refused CA_EXPIRES_TOO_SOON when the CA ends before the new certificate would.
     */
    public EntityCode renew(IstatCode ente) {
        return db.inTransaction(tx -> {
            store.lockEnte(tx, ente); // two renewals at once: the second sees the first one queued
            boolean hasActive = store.ofEnte(tx, ente, Optional.of(CertificateKind.SERVER), Optional.of(CertificateState.ATTIVO))
                    .stream().findAny().isPresent();
            if (!hasActive) {
                throw new RefusedException(Refusal.NOTHING_TO_RENEW, "ente " + ente + " has no active server certificate to renew");
            }
            Optional<CertificateRecord> queued = store.ofEnte(tx, ente, Optional.of(CertificateKind.SERVER),
                    Optional.of(CertificateState.RICHIESTA_IN_LAVORAZIONE)).stream().findFirst();
            if (queued.isPresent()) {
                throw new RefusedException(Refusal.NOTHING_TO_RENEW, "ente " + ente + " already has " + queued.get().code()
                        + " queued: the next batch issues it");
            }
            return request(tx, Actor.operator(), ente, "renewal on request");
        });
    }

    /**
     * Makes {@code code} the ente's certificate for notification encryption.
     *
     * @throws RefusedException when it is not an active server certificate
     */
    public void useForNotifications(String code) {
        useForNotifications(Actor.operator(), code);
    }

    /** {@link #useForNotifications(String)} by {@code actor}, authorized in the same transaction. */
    void useForNotifications(Actor actor, String code) {
        db.inTransaction(tx -> {
            CertificateRecord r = store.requireByCode(tx, code);
            guard.check(tx, actor, Operation.SELECT_ACTIVE_SERVER_CERTIFICATE, r.ente());
            if (r.kind() != CertificateKind.SERVER) {
                throw new RefusedException(Refusal.WRONG_KIND, r.code() + " is a " + r.kind() + " certificate, not a server certificate");
            }
            if (r.state() != CertificateState.ATTIVO) {
                throw new RefusedException(Refusal.NOT_ACTIVE, r.code() + " is " + r.state() + ", not ATTIVO");
            }
            if (r.expiredAt(settings.clock().instant())) { // not moved to SCADUTO yet: the batch does that when it next runs
                throw new RefusedException(Refusal.NOT_ACTIVE, r.code() + " expired at " + r.notAfter().orElseThrow());
            }
            store.setNotificationCode(tx, r.ente(), r.code());
            audit.append(tx, actor, Audit.NOTIFICATION_CERT_SET, r.code(), "ente=" + r.ente());
            return null;
        });
    }

    /**
     * The ente's chosen certificate for notification encryption as recorded, whatever its state
     * now (it may since have been blocked, cancelled or have expired). To encrypt, use
     * {@link #notificationEncryptionCertificate(IstatCode)}.
     */
    public Optional<CertificateRecord> notificationCertificate(IstatCode ente) {
        return db.inTransaction(tx -> {
            Optional<String> code = store.notificationCode(tx, ente);
            return code.isEmpty() ? Optional.<CertificateRecord>empty() : store.byCode(tx, code.get());
        });
    }

    /**
     * The certificate the central platform may encrypt the ente's notifications to now: the
     * chosen one while it is ATTIVO and inside its validity; empty when none was chosen or the
     * chosen one is blocked, cancelled or past its notAfter (the batch may not have moved it to
     * SCADUTO yet). The choice is not moved to another certificate by itself: the guides have the
     * ente indicate its new certificate, and an old choice works until that certificate expires,
     * no longer. An ente left without one chooses again with
     * {@link #useForNotifications(String)}.
     */
    public Optional<CertificateRecord> notificationEncryptionCertificate(IstatCode ente) {
        Instant now = settings.clock().instant();
        return notificationCertificate(ente).filter(r -> r.state() == CertificateState.ATTIVO && !r.expiredAt(now));
    }

    /** Called by the batch when a server certificate was issued: the first one becomes the notification certificate. */
    void issued(Transaction tx, CertificateRecord r) throws SQLException {
        // conditional in SQL, not read-then-write: two engines recording the ente's first server
        // certificates at once must not both set it (and both audit it)
        if (r.kind() == CertificateKind.SERVER && store.setNotificationCodeIfUnset(tx, r.ente(), r.code())) {
            audit.append(tx, Audit.NOTIFICATION_CERT_SET, r.code(), "ente=" + r.ente() + " first server certificate");
        }
    }
}
