package org.sigillo.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.sigillo.crl.RevocationReason;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.EntityCode;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPasswordGrant;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.NotAuthorizedException;
import org.sigillo.registry.Principal;
import org.sigillo.registry.ProfileSet;

/**
 * Every operation of the security console (DOMAIN.md "Who may do what") for one logged-in
 * person, the {@link Principal} the dual check established. Each call is checked first against
 * the rules (profile, own ente, the Prefettura's province) and the actor's own stored active
 * registration, and refused with {@link NotAuthorizedException} or
 * {@link RefusedException} before anything is written: the check runs inside the operation's
 * own transaction, and the audit log names the principal. Cheap to create: one per request.
 */
public final class ConsoleSession {
    private final Principal principal;
    private final Actor actor;
    private final Sigillo engine;

    ConsoleSession(Principal principal, Sigillo engine) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.actor = Actor.console(principal);
        this.engine = engine;
    }

    /** Who acts. */
    public Principal principal() {
        return principal;
    }

    // --- ALP: workstations and server certificates -------------------------------------

    /** Registers a workstation of the principal's ente (queues its certificate request). */
    public EntityCode registerWorkstation(Optional<WorkstationLabel> label) {
        return engine.workstations().register(actor, principal.ente(), label);
    }

    /** The ente's workstation certificates, optionally in one state. */
    public List<CertificateRecord> workstations(Optional<CertificateState> state) {
        return engine.workstations().list(actor, principal.ente(), state);
    }

    /** Downloads one workstation's PKCS#12 (with a fresh installation password, shown once). */
    public Export downloadWorkstation(String code, Pkcs12Encryption encryption) {
        return engine.workstations().exportWithPrivateKey(actor, code, encryption);
    }

    /**
     * {@link #downloadWorkstation(String, Pkcs12Encryption)} handed to {@code stage} before it is
     * audited, as {@link Workstations#exportWithPrivateKey(String, Pkcs12Encryption,
     * Consumer)} does: for a backend that writes the download somewhere first.
     */
    public Export downloadWorkstation(String code, Pkcs12Encryption encryption, Consumer<Export> stage) {
        return engine.workstations().exportWithPrivateKey(actor, code, encryption, stage);
    }

    /** Downloads all the ente's workstation PKCS#12 files in one ZIP. */
    public byte[] downloadAllWorkstations(Pkcs12Encryption encryption) {
        return engine.workstations().exportAllWithPrivateKeys(actor, principal.ente(), encryption);
    }

    /** {@link #downloadAllWorkstations(Pkcs12Encryption)} handed to {@code stage} before it is audited. */
    public byte[] downloadAllWorkstations(Pkcs12Encryption encryption, Consumer<byte[]> stage) {
        return engine.workstations().exportAllWithPrivateKeys(actor, principal.ente(), encryption, stage);
    }

    /** Blocks a workstation or server certificate. */
    public CertificateRecord block(String code) {
        return engine.certificates().block(actor, code);
    }

    /** Unblocks a workstation or server certificate. */
    public CertificateRecord unblock(String code) {
        return engine.certificates().unblock(actor, code);
    }

    /** Cancels a workstation or server certificate for good. */
    public CertificateRecord cancel(String code, RevocationReason reason) {
        return engine.certificates().cancel(actor, code, reason, Optional.empty());
    }

    /** Requests a server certificate for the ente. */
    public EntityCode requestServerCertificate() {
        return engine.servers().request(actor, principal.ente());
    }

    /** Chooses the server certificate used to encrypt notifications. */
    public void useForNotifications(String code) {
        engine.servers().useForNotifications(actor, code);
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
