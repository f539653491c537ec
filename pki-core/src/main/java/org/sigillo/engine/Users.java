package org.sigillo.engine;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.sigillo.crl.RevocationReason;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPassword;
import org.sigillo.registry.DailyPasswordGrant;
import org.sigillo.registry.DailyPasswordPolicy;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.Operation;
import org.sigillo.registry.Profile;
import org.sigillo.registry.ProfileSet;
import org.sigillo.store.AuditAction;
import org.sigillo.store.Database;
import org.sigillo.store.Transaction;
import org.sigillo.validation.UserState;

/**
 * Users and their registrations (DOMAIN.md "Lifecycles", "Who may do what"): insert, modify
 * (e-mail, PEC, profiles, environments), block, unblock, delete, and the daily password. A
 * person is known by the codice fiscale as given ({@link CodiceFiscale#canonical()});
 * an omocode CF is another person. Every operation is checked (profile, own ente) before anything is written; a refusal
 * changes nothing. A change is visible to the very next dual check of this engine.
 */
public final class Users {
    /** A Prefettura has at most five users (DOMAIN.md). */
    public static final int PREFETTURA_MAX_USERS = 5;

    private final Database db;
    private final CertificateStore store;
    private final PeopleStore people;
    private final Audit audit;
    private final Guard guard;
    private final LivePeople livePeople;
    private final LiveStatus liveStatus;
    private final Cards cards;
    private final Clock clock;
    private final DailyPasswordPolicy dailyPasswords;
    private final Mailer mailer;

    Users(Database db, CertificateStore store, PeopleStore people, Audit audit, Guard guard, LivePeople livePeople,
          LiveStatus liveStatus, Cards cards, Clock clock, Mailer mailer) {
        this.db = db;
        this.store = store;
        this.people = people;
        this.audit = audit;
        this.guard = guard;
        this.livePeople = livePeople;
        this.liveStatus = liveStatus;
        this.cards = cards;
        this.clock = clock;
        this.dailyPasswords = new DailyPasswordPolicy(clock);
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    /**
     * Inserts the person's registration in {@code ente}. Giving the ALS profile is appointing an
     * ALS, which only an ASC or APL may do ({@link Operation#APPOINT_ALS}); so is giving APL or
     * ASC, except the new mayor an ALS inserts when the ente has none (guide 000).
     *
     * @throws RefusedException {@link Refusal#UNKNOWN_ENTE}, {@link Refusal#USER_EXISTS}, or
     *         {@link Refusal#LIMIT_REACHED} for a sixth user of a Prefettura
     */
    public UserRecord add(Actor actor, IstatCode ente, NewUser user) {
        return write(actor, ente, user.cf(), Operation.INSERT_USER, (tx, o) -> {
            insert(tx, actor, ente, user, "");
            return people.registration(tx, user.cf(), ente).orElseThrow();
        });
    }

    /**
     * Checks and stores a new registration in the caller's transaction, with its audit entry: the
     * one way a registration is made, by {@link #add} and by the census import. {@code where}
     * prefixes refusal messages (a census line, say) and ends the audit entry's details.
     */
    void insert(Transaction tx, Actor actor, IstatCode ente, NewUser user, String where)
            throws SQLException {
        String prefix = where.isEmpty() ? "" : where + ": ";
        store.lockEnte(tx, ente); // a Prefettura's count below stays true until the commit
        people.ensurePerson(tx, user.cf(), user.givenName(), user.surname()); // and its row lock
        if (people.registration(tx, user.cf(), ente).isPresent()) {
            throw new RefusedException(Refusal.USER_EXISTS, prefix + user.cf().canonical() + " is already registered in ente " + ente);
        }
        if (ente.isPrefettura() && people.registrationsIn(tx, ente).size() >= PREFETTURA_MAX_USERS) {
            throw new RefusedException(Refusal.LIMIT_REACHED, prefix + "a Prefettura has at most " + PREFETTURA_MAX_USERS + " users");
        }
        requireMayAppoint(tx, actor, ente, user.cf(), Set.of(), user.profiles());
        people.insertRegistration(tx, ente, user, clock.instant());
        audit.append(tx, actor, Audit.USER_ADDED, user.cf().canonical(), "ente=" + ente + " profiles=" + user.profiles()
                + " environments=" + user.environments() + (where.isEmpty() ? "" : " (" + where + ")"));
    }

    /** The ente's users, by surname. */
    public List<UserRecord> list(Actor actor, IstatCode ente) {
        return db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.SEARCH_USERS, ente);
            store.requireEnte(tx, ente);
            return people.registrationsIn(tx, ente);
        });
    }

    /** The person's registration in {@code ente}, if any. */
    public Optional<UserRecord> find(Actor actor, IstatCode ente, CodiceFiscale cf) {
        return db.inTransaction(tx -> {
            guard.check(tx, actor, Operation.SEARCH_USERS, ente);
            return people.registration(tx, cf, ente);
        });
    }

    /** Changes e-mail, PEC, profiles and environments of the registration in {@code ente} to the values given. */
    public UserRecord modify(Actor actor, IstatCode ente, CodiceFiscale cf, ProfileSet profiles, EnvironmentSet environments,
                             EmailAddress email, Optional<EmailAddress> pec) {
        return write(actor, ente, cf, Operation.MODIFY_USER, (tx, o) ->
                modifyInTx(tx, actor, ente, cf, require(tx, ente, cf), profiles, environments, email, pec));
    }

    /**
     * Changes only what {@code change} names and keeps the rest, as read in the same transaction
     * under the registration's row lock: a concurrent change of another field is never undone.
     */
    public UserRecord modify(Actor actor, IstatCode ente, CodiceFiscale cf, UserChange change) {
        Objects.requireNonNull(change, "change");
        return write(actor, ente, cf, Operation.MODIFY_USER, (tx, o) -> {
            UserRecord before = require(tx, ente, cf);
            return modifyInTx(tx, actor, ente, cf, before, change.profiles().orElse(before.profiles()),
                    change.environments().orElse(before.environments()), change.email().orElse(before.email()),
                    change.pec().isPresent() ? change.pec() : before.pec());
        });
    }

    private UserRecord modifyInTx(Transaction tx, Actor actor, IstatCode ente, CodiceFiscale cf, UserRecord before,
                                  ProfileSet profiles, EnvironmentSet environments, EmailAddress email, Optional<EmailAddress> pec)
            throws SQLException {
        requireMayAppoint(tx, actor, ente, cf, before.profiles().asSet(), profiles);
        List<UserRecord> was = prefetturaUsers(tx, ente);
        people.updateRegistration(tx, cf, ente, profiles, environments, email, pec);
        requirePrefetturaAdministrators(tx, ente, was);
        audit.append(tx, actor, Audit.USER_MODIFIED, cf.canonical(), "ente=" + ente + " profiles=" + before.profiles() + "->"
                + profiles + " environments=" + before.environments() + "->" + environments
                + (before.email().equals(email) ? "" : " email changed"));
        return people.registration(tx, cf, ente).orElseThrow();
    }

    /** Blocks the registration: every dual check of the person in this ente is refused (USER_BLOCKED). */
    public UserRecord block(Actor actor, IstatCode ente, CodiceFiscale cf) {
        return setState(actor, ente, cf, Operation.BLOCK_USER, UserState.ATTIVO, UserState.BLOCCATO, Audit.USER_BLOCKED);
    }

    /** Lifts a block. */
    public UserRecord unblock(Actor actor, IstatCode ente, CodiceFiscale cf) {
        return setState(actor, ente, cf, Operation.UNBLOCK_USER, UserState.BLOCCATO, UserState.ATTIVO, Audit.USER_UNBLOCKED);
    }

    /**
     * Deletes the registration in {@code ente}. If it was the person's only registration, the
     * person's cards are revoked for good (cessationOfOperation), in the same transaction; if
     * the person is registered in another ente, the card stays valid. Returns the cards revoked.
     */
    public List<String> delete(Actor actor, IstatCode ente, CodiceFiscale cf) {
        return write(actor, ente, cf, Operation.DELETE_USER, (tx, o) -> {
            people.lockPerson(tx, cf); // a card request for the person waits, and sees the registration gone
            require(tx, ente, cf);
            List<UserRecord> was = prefetturaUsers(tx, ente);
            people.deleteRegistration(tx, cf, ente);
            requirePrefetturaAdministrators(tx, ente, was);
            List<String> revoked = people.registrationsOf(tx, cf).isEmpty()
                    ? cards.revokeAllInTx(tx, actor, cf, RevocationReason.CESSATION_OF_OPERATION, o)
                    : List.of();
            audit.append(tx, actor, Audit.USER_DELETED, cf.canonical(), "ente=" + ente
                    + (revoked.isEmpty() ? " card kept" : " cards revoked=" + String.join(",", revoked)));
            return revoked;
        });
    }

    /**
     * Grants a daily password to a registered user who forgot the card: valid until midnight
     * Europe/Rome of today; only its PBKDF2 hash is stored, replacing any earlier one. After the
     * commit the password is mailed to the user's own address (guide 001: "La password viene
     * inviata in automatico dal sistema alla casella di posta personale"). The returned grant
     * reveals the password once; destroy it after use.
     *
     * @throws Mailer.MailException when the mail could not be handed over (the stored password
     *         then reached nobody: grant another, which replaces it)
     */
    public DailyPasswordGrant grantDailyPassword(Actor actor, IstatCode ente, CodiceFiscale cf) {
        DailyPasswordGrant grant = dailyPasswords.grant(cf);
        try {
            EmailAddress to = write(actor, ente, cf, Operation.GRANT_DAILY_PASSWORD, (tx, o) -> {
                UserRecord u = require(tx, ente, cf);
                if (u.state() != UserState.ATTIVO) {
                    throw new RefusedException(Refusal.NOT_ACTIVE, cf.canonical() + " is blocked in ente " + ente);
                }
                people.putDailyPassword(tx, ente, grant.stored(), audit.nameOf(actor));
                audit.append(tx, actor, Audit.DAILY_PASSWORD_GRANTED, cf.canonical(), "ente=" + ente + " validUntil="
                        + grant.stored().expiresAt() + " mail to=" + u.email());
                return u.email();
            });
            char[] password = grant.revealPassword();
            try {
                mailer.send(new Mail(to, "Daily password for ente " + ente,
                        "Your daily password for ente " + ente + " is: " + new String(password) + "\n\n"
                                + "It works until " + grant.stored().expiresAt() + " (midnight, Europe/Rome), with your"
                                + " profiles, from a certified workstation only.\n"));
            } catch (RuntimeException e) {
                throw e instanceof Mailer.MailException ? e
                        : new Mailer.MailException("the daily password mail to " + to + " could not be handed over", e);
            } finally {
                Arrays.fill(password, '\0');
            }
            return grant;
        } catch (RuntimeException e) {
            grant.destroy();
            throw e;
        }
    }

    /**
     * Whether {@code password} is the person's daily password in {@code ente}, still valid now,
     * for an active registration (a constant-time hash comparison).
     */
    public boolean checkDailyPassword(IstatCode ente, CodiceFiscale cf, char[] password) {
        return db.inTransaction(tx -> {
            Optional<UserRecord> u = people.registration(tx, cf, ente);
            if (u.isEmpty() || u.get().state() != UserState.ATTIVO) {
                return false;
            }
            Optional<DailyPassword> p = people.dailyPassword(tx, cf, ente);
            return p.isPresent() && p.get().verify(password, clock.instant());
        });
    }

    private UserRecord setState(Actor actor, IstatCode ente, CodiceFiscale cf, Operation op, UserState from, UserState to,
                                AuditAction action) {
        return write(actor, ente, cf, op, (tx, o) -> {
            UserRecord u = require(tx, ente, cf);
            if (u.state() != from) {
                throw new RefusedException(Refusal.NOT_ACTIVE, cf.canonical() + " is " + u.state() + " in ente " + ente);
            }
            people.setRegistrationState(tx, cf, ente, to);
            audit.append(tx, actor, action, cf.canonical(), "ente=" + ente);
            return people.registration(tx, cf, ente).orElseThrow();
        });
    }

    /**
     * The registration a write is about, its row locked until the commit (every caller writes
     * what it decides from it: the state it checks, the fields it keeps).
     */
    private UserRecord require(Transaction tx, IstatCode ente, CodiceFiscale cf) throws SQLException {
        if (!people.lockRegistration(tx, cf, ente)) {
            throw new RefusedException(Refusal.UNKNOWN_USER, cf.canonical() + " is not registered in ente " + ente);
        }
        return people.registration(tx, cf, ente).orElseThrow();
    }

    /** One guarded write transaction about one person; live views updated after the commit. */
    /**
     * True when {@code after} adds a profile that may appoint the ALS or is the ALS: ALS itself,
     * and ASC and APL, which "may do what the ASC does" and appoint the ALS. Granting any of them
     * takes the right to appoint the ALS; otherwise an ALS could make himself (or a friend) APL
     * and then appoint ALS at will.
     */
    private static boolean grantsAppointing(Set<Profile> before, ProfileSet after) {
        for (Profile p : List.of(Profile.ALS, Profile.APL,
                Profile.ASC)) {
            if (after.contains(p) && !before.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a change that grants a profile which appoints the ALS ({@link #grantsAppointing})
     * unless the actor may appoint the ALS, or the change is the replacement of the mayor that
     * guide 000 has the ALS make: "Rimozione Sindaco uscente", then "Inserimento nuovo utente
     * Sindaco (ASC)", both by the ALS (or the APL). So an ALS may give ASC, alone, to someone other
     * than himself, in a municipality that has no ASC at that moment (the outgoing mayor's ASC
     * removed first). That keeps the escalation guard's point: an ALS cannot make himself mayor,
     * nor a second mayor beside the one in office, nor anyone APL or ALS.
     */
    private void requireMayAppoint(Transaction tx, Actor actor, IstatCode ente, CodiceFiscale cf,
                                   Set<Profile> before, ProfileSet after) throws SQLException {
        if (!grantsAppointing(before, after)) {
            return;
        }
        if (isMayorReplacement(tx, actor, ente, cf, before, after)) {
            return; // the caller's guard has checked INSERT_USER or MODIFY_USER, the ALS's own
        }
        guard.check(tx, actor, Operation.APPOINT_ALS, ente);
    }

    private boolean isMayorReplacement(Transaction tx, Actor actor, IstatCode ente, CodiceFiscale cf,
                                       Set<Profile> before, ProfileSet after) throws SQLException {
        if (!(actor instanceof Actor.Console console) || console.principal().codiceFiscale().equals(cf) || ente.isPrefettura()
                || !after.contains(Profile.ASC) || before.contains(Profile.ASC)) {
            return false; // the operator passes the guard anyway; ASC excludes every other profile, so nothing else is granted
        }
        store.lockEnte(tx, ente); // two ALS inserting two mayors at once: the second sees the first
        return people.registrationsIn(tx, ente).stream()
                .noneMatch(u -> !u.cf().equals(cf) && u.profiles().contains(Profile.ASC));
    }

    /** The registrations of {@code ente} when it is a Prefettura (none otherwise: nothing to check). */
    private List<UserRecord> prefetturaUsers(Transaction tx, IstatCode ente) throws SQLException {
        return ente.isPrefettura() ? people.registrationsIn(tx, ente) : List.of();
    }

    /**
     * A Prefettura keeps at least one ALS and one ALP (DOMAIN.md, "Who is who"): a change that
     * takes the last one away is refused. A Prefettura still being staffed (no ALP yet) may
     * change its other registrations.
     */
    private void requirePrefetturaAdministrators(Transaction tx, IstatCode ente, List<UserRecord> was)
            throws SQLException {
        if (!ente.isPrefettura()) {
            return;
        }
        List<UserRecord> left = people.registrationsIn(tx, ente);
        for (Profile p : List.of(Profile.ALS, Profile.ALP)) {
            if (was.stream().anyMatch(u -> u.profiles().contains(p)) && left.stream().noneMatch(u -> u.profiles().contains(p))) {
                throw new RefusedException(Refusal.LIMIT_REACHED, "Prefettura " + ente + " must keep at least one " + p
                        + ": the change would take its last one away");
            }
        }
    }

    private <T> T write(Actor actor, IstatCode ente, CodiceFiscale cf, Operation op, Outcome.Work<T> work) {
        return Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
            guard.check(tx, actor, op, ente);
            if (ente.isPrefettura()) {
                // taken first, as add takes it: the ALS/ALP check after a change stays true until the commit
                store.lockEnte(tx, ente);
            }
            T r = work.run(tx, o);
            o.person(cf);
            return r;
        });
    }
}
