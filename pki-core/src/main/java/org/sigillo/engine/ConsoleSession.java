package org.sigillo.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPasswordGrant;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Operation;
import org.sigillo.registry.Principal;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.Database;

/**
 * Every operation of the security console (DOMAIN.md "Who may do what") for one logged-in
 * person, the {@link Principal} the dual check established. Each call is checked first against
 * the rules (profile, own ente, the Prefettura's province) and the actor's own stored active
 * registration, and refused with {@link org.sigillo.registry.NotAuthorizedException} or
 * {@link RefusedException} before anything is written. Workstation and server operations
 * (ALP) are checked here and then run by the engine's services; user and card operations (ALS,
 * ASC, APL) are checked inside their own transaction. Cheap to create: one per request.
 */
public final class ConsoleSession {
    private final Principal principal;
    private final Actor actor;
    private final Database db;
    private final CertificateStore store;
    private final Guard guard;
    private final Sigillo engine;

    ConsoleSession(Principal principal, Database db, CertificateStore store, Guard guard, Sigillo engine) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.actor = Actor.console(principal);
        this.db = db;
        this.store = store;
        this.guard = guard;
        this.engine = engine;
    }

    /** Who acts. */
    public Principal principal() {
        return principal;
    }

    private void check(Operation op, IstatCode target) {
        db.inTransaction(tx -> {
            guard.check(tx, actor, op, target);
            return null;
        });
    }

    private CertificateRecord checkOn(Operation op, String code) {
        CertificateRecord r = db.inTransaction(tx -> store.byCode(tx, code)).orElseThrow(
                () -> new RefusedException(Refusal.UNKNOWN_CERTIFICATE, "no certificate with code " + code));
        check(op, r.ente());
        if (r.kind() == CertificateKind.SMART_CARD) {
            throw new RefusedException(Refusal.WRONG_KIND, code + " is a smart-card certificate: use the card operations");
        }
        return r;
    }

    // --- ALP: workstations and server certificates -------------------------------------

    /** Registers a workstation of the principal's ente (queues its certificate request). */
    public EntityCode registerWorkstation(Optional<WorkstationLabel> label) {
        check(Operation.REGISTER_WORKSTATION, principal.ente());
        return engine.workstations().register(principal.ente(), label);
    }

    /** The ente's workstation certificates, optionally in one state. */
    public List<CertificateRecord> workstations(Optional<CertificateState> state) {
        check(Operation.SEARCH_WORKSTATIONS, principal.ente());
        return engine.certificates().list(principal.ente(), Optional.of(CertificateKind.WORKSTATION), state);
    }

    /** Downloads one workstation's PKCS#12 (with a fresh installation password, shown once). */
    public Export downloadWorkstation(String code, Pkcs12Encryption encryption) {
        checkOn(Operation.DOWNLOAD_WORKSTATION, code);
        return engine.workstations().exportWithPrivateKey(code, encryption);
    }

    /** Downloads all the ente's workstation PKCS#12 files in one ZIP. */
    public byte[] downloadAllWorkstations(Pkcs12Encryption encryption) {
        check(Operation.DOWNLOAD_ALL_WORKSTATIONS, principal.ente());
        return engine.workstations().exportAllWithPrivateKeys(principal.ente(), encryption);
    }

    /** Blocks a workstation or server certificate. */
    public CertificateRecord block(String code) {
        checkOn(Operation.BLOCK_CERTIFICATE, code);
        return engine.certificates().block(code);
    }

    /** Unblocks a workstation or server certificate. */
    public CertificateRecord unblock(String code) {
        checkOn(Operation.UNBLOCK_CERTIFICATE, code);
        return engine.certificates().unblock(code);
    }

    /** Cancels a workstation or server certificate for good. */
    public CertificateRecord cancel(String code, RevocationReason reason) {
        checkOn(Operation.CANCEL_CERTIFICATE, code);
        return engine.certificates().cancel(code, reason, Optional.empty());
    }

    /** Requests a server certificate for the ente. */
    public EntityCode requestServerCertificate() {
        check(Operation.ISSUE_SERVER_CERTIFICATE, principal.ente());
        return engine.servers().request(principal.ente());
    }

    /** Chooses the server certificate used to encrypt notifications. */
    public void useForNotifications(String code) {
        checkOn(Operation.SELECT_ACTIVE_SERVER_CERTIFICATE, code);
        engine.servers().useForNotifications(code);
    }

    // --- ALS (ASC, APL): users and cards ------------------------------------------------

    /** The ente's users. */
    public List<UserRecord> users() {
        return engine.users().list(actor, principal.ente());
    }

    /** Inserts a user in the principal's ente. */
    public UserRecord addUser(NewUser user) {
        return engine.users().add(actor, principal.ente(), user);
    }

    /** Changes a user's e-mail, PEC, profiles and environments. */
    public UserRecord modifyUser(CodiceFiscale cf, ProfileSet profiles, EnvironmentSet environments, EmailAddress email,
                                 Optional<EmailAddress> pec) {
        return engine.users().modify(actor, principal.ente(), cf, profiles, environments, email, pec);
    }

    /** Blocks a user in the ente. */
    public UserRecord blockUser(CodiceFiscale cf) {
        return engine.users().block(actor, principal.ente(), cf);
    }

    /** Unblocks a user in the ente. */
    public UserRecord unblockUser(CodiceFiscale cf) {
        return engine.users().unblock(actor, principal.ente(), cf);
    }

    /** Deletes a user's registration in the ente; returns the cards revoked (if it was the only one). */
    public List<String> deleteUser(CodiceFiscale cf) {
        return engine.users().delete(actor, principal.ente(), cf);
    }

    /** Grants a daily password (shown once). */
    public DailyPasswordGrant grantDailyPassword(CodiceFiscale cf) {
        return engine.users().grantDailyPassword(actor, principal.ente(), cf);
    }

    /** Requests a new card for a user of the ente (the previous card is revoked at once). */
    public CardRequested requestCard(CodiceFiscale cf, byte[] csr, CardRequestReason why) {
        return engine.cards().request(actor, principal.ente(), cf, csr, why);
    }

    /** Registers a card's delivery (mails the second PIN/PUK halves). */
    public CardRecord registerDelivery(String cardNumber) {
        return engine.cards().deliver(actor, cardNumber);
    }

    /** Resends the second PIN/PUK halves. */
    public void resendPin(String cardNumber) {
        engine.cards().resendPin(actor, cardNumber);
    }

    /** Blocks a card. */
    public CardRecord blockCard(String cardNumber) {
        return engine.cards().block(actor, cardNumber);
    }

    /** Unblocks a card. */
    public CardRecord unblockCard(String cardNumber) {
        return engine.cards().unblock(actor, cardNumber);
    }

    /** Revokes a card for good. */
    public CardRecord revokeCard(String cardNumber, CardRevocationReason reason) {
        return engine.cards().revoke(actor, cardNumber, reason);
    }

    /** A Prefettura's ALS hands the produced cards over to a municipality of its province. */
    public List<CardRecord> handOverCards(IstatCode municipality) {
        return engine.cards().handOver(actor, municipality);
    }
}
