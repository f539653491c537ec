package org.sigillo.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.HsmException;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.Sealer;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.CardTransition;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.IllegalCardTransitionException;
import org.sigillo.lifecycle.Transition;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.CsrRejectedException;
import org.sigillo.profile.CsrVerifier;
import org.sigillo.profile.InvalidCodeException;
import org.sigillo.profile.KeyPolicy;
import org.sigillo.profile.PersonNames;
import org.sigillo.registry.CardSecrets;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.NotAuthorizedException;
import org.sigillo.registry.Operation;
import org.sigillo.registry.Profile;
import org.sigillo.store.AuditAction;
import org.sigillo.store.Database;
import org.sigillo.store.DurableCounters;
import org.sigillo.store.Transaction;

/**
 * Smart cards and their certificates. The key pair is made on the card, which sends a PKCS#10
 * request signed with it; the request is checked (proof of possession, key policy) before
 * anything is stored, then queued, and the batch certifies the card's key with the smart-card
 * CA. The card number is the ente's ISTAT code followed by a six-digit progressive.
 *
 * <p>Lifecycle (DOMAIN.md): requested (IN_LAVORAZIONE) → handed over by the Prefettura →
 * delivered to the holder (ATTIVA; the e-mail halves of PIN, PUK and emergency password go out)
 * → blocked / unblocked → revoked. A person has one current card: a new request revokes every
 * previous card of the person in the same transaction (superseded, or keyCompromise for loss or
 * theft), and a revoked card's certificate is revoked with the same reason (or its request
 * withdrawn if the batch had not reached it). Every console operation is checked against "Who
 * may do what" before anything is written; a refusal changes nothing.
 */
public final class Cards {
    private final Database db;
    private final CertificateStore store;
    private final PeopleStore people;
    private final Audit audit;
    private final DurableCounters counters;
    private final EngineSettings settings;
    private final Guard guard;
    private final LivePeople livePeople;
    private final LiveStatus liveStatus;
    private final Sealer sealer;
    private final Mailer mailer;
    private final Certificates certificates;
    private final IssuerCoverage coverage;
    private final SecureRandom random = new SecureRandom();
    private final CsrVerifier verifier = new CsrVerifier();
    private static final Pattern CARD_NUMBER = Pattern.compile("\\d{12}");

    Cards(Database db, CertificateStore store, PeopleStore people, Audit audit, DurableCounters counters, EngineSettings settings,
          Guard guard, LivePeople livePeople, LiveStatus liveStatus, Sealer sealer, Mailer mailer, Certificates certificates,
          IssuerCoverage coverage) {
        this.db = db;
        this.store = store;
        this.people = people;
        this.audit = audit;
        this.counters = counters;
        this.settings = settings;
        this.guard = guard;
        this.livePeople = livePeople;
        this.liveStatus = liveStatus;
        this.sealer = sealer;
        this.mailer = mailer;
        this.certificates = certificates;
        this.coverage = coverage;
    }

    /**
     * The CA operator queues the certificate of a card whose key made {@code csr}, for a holder
     * who need not be registered yet; returns the card number. The person's previous cards are
     * superseded.
     *
     * @throws CsrRejectedException when the request does not prove possession
     *         or its key is weak (nothing is stored)
     * @throws RefusedException {@link Refusal#UNKNOWN_ENTE}, {@link Refusal#CA_EXPIRES_TOO_SOON} (nothing is stored,
     *         no card is revoked)
     */
    public String request(IstatCode ente, CodiceFiscale cf, String givenName, String surname, Optional<EmailAddress> email,
                          byte[] csr) {
        CardRequested r = requestForHolder(ente, cf, givenName, surname, email, csr, CardRequestReason.FIRST);
        r.destroy();
        return r.number();
    }

    /**
     * The CA operator requests a card for a holder named here (registered or not), revoking the
     * person's previous cards with the reason {@code why} implies; returns the number and the
     * envelope halves.
     */
    public CardRequested requestForHolder(IstatCode ente, CodiceFiscale cf, String givenName, String surname,
                                          Optional<EmailAddress> email, byte[] csr, CardRequestReason why) {
        String given = PersonNames.require("the card holder's given name", givenName);
        String sur = PersonNames.require("the card holder's surname", surname);
        return request(Actor.operator(), ente, cf, csr, why,
                Optional.of(new CertificateStore.Holder(given, sur, email.map(EmailAddress::toString))));
    }

    /**
     * An ALS (or the operator) requests a new card for a person registered in {@code ente}: the
     * person's previous cards are revoked at once, in the same transaction, with the reason
     * {@code why} implies.
     *
     * @throws NotAuthorizedException when the actor may not
     * @throws RefusedException {@link Refusal#UNKNOWN_USER} when the person is not registered in the ente,
     *         {@link Refusal#CA_EXPIRES_TOO_SOON} when the smart-card CA ends before the new card's certificate would
     *         (the previous cards are not revoked)
     * @throws CsrRejectedException when the CSR is refused (nothing is stored)
     */
    public CardRequested request(Actor actor, IstatCode ente, CodiceFiscale cf, byte[] csr, CardRequestReason why) {
        return request(actor, ente, cf, csr, why, Optional.empty());
    }

    /** What a request transaction returns: the new number and the cards it revoked. */
    private record Requested(String number, List<String> revoked) {
    }

    /**
     * A card request; {@code named} is the holder as the operator typed it (for a person who may
     * not be registered), else the holder comes from the person's registration in {@code ente}.
     */
    private CardRequested request(Actor actor, IstatCode ente, CodiceFiscale cf, byte[] csr, CardRequestReason why,
                                  Optional<CertificateStore.Holder> named) {
        var spki = verifier.verify(csr);
        KeySpec spec = specOf(spki);
        CardSecrets secrets = CardSecrets.generate(random);
        try {
            Requested out = Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
                guard.check(tx, actor, Operation.REQUEST_SMART_CARD, ente);
                store.requireEnte(tx, ente);
                // before the previous cards are revoked: a card the CA cannot certify must not cost the working one
                coverage.requireNow(CertificateKind.SMART_CARD);
                // the person's row lock first: the registration and the cards read below stay as read
                if (named.isPresent()) {
                    people.ensurePerson(tx, cf, named.get().givenName(), named.get().surname());
                } else {
                    people.lockPerson(tx, cf); // no person: not registered either, which the read below says
                }
                Optional<UserRecord> reg = people.registration(tx, cf, ente);
                CertificateStore.Holder holder;
                if (named.isPresent()) {
                    CertificateStore.Holder h = named.get();
                    holder = h.email().isPresent() ? h
                            : new CertificateStore.Holder(h.givenName(), h.surname(), reg.map(u -> u.email().toString()));
                } else {
                    UserRecord u = reg.orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_USER,
                            cf.canonical() + " is not registered in ente " + ente));
                    holder = new CertificateStore.Holder(u.givenName(), u.surname(), Optional.of(u.email().toString()));
                }
                List<String> revoked = revokeAllInTx(tx, actor, cf, why.previousCardReason(), o);
                long n = counters.next(tx, "card-" + ente.value());
                if (n > 999_999) { // a card number is the ISTAT code and six digits: 12 digits, the form every lookup accepts
                    throw new RefusedException(Refusal.CODE_SPACE_EXHAUSTED, "ente " + ente + " has used all 999999 card numbers");
                }
                String number = ente.value() + String.format("%06d", n);
                Instant now = settings.clock().instant();
                CertificateRecord r = store.insertRequest(tx, CertificateKind.SMART_CARD, number, ente, Optional.empty(), spec,
                        Optional.of(cf.canonical()), csr, now);
                store.setHolder(tx, r.id(), holder);
                people.insertCard(tx, number, cf, ente, sealMailHalf(number, secrets), now);
                audit.append(tx, actor, Audit.CARD_REQUESTED, number, "cf=" + cf.canonical() + " reason=" + why
                        + (revoked.isEmpty() ? "" : " revoked=" + String.join(",", revoked)));
                o.person(cf);
                return new Requested(number, revoked);
            });
            return new CardRequested(out.number(), out.revoked(), secrets);
        } catch (RuntimeException e) {
            secrets.destroy();
            throw e;
        }
    }

    /** What a hand-over commits: the cards handed over and the halves mails of those it activated. */
    private record HandedOver(List<CardRecord> cards, List<HalvesMail> mails) {
    }

    /**
     * A Prefettura's ALS hands the cards of a municipality of its province over to it: every
     * card of {@code municipality} in production whose certificate is issued becomes
     * CONSEGNATA_DALLA_PREFETTURA, except the cards of the mayor (ASC) and of his delegate (APL)
     * there, which the hand-over delivers too: they become ATTIVA and their e-mail halves go out
     * (guide 000: "Al momento della consegna da parte della Prefettura il sistema invierà una mail
     * contenente la seconda metà di PIN, Puk e Password ... non sarà necessario procedere alla
     * registrazione/consegna della smart card da parte dell'ALS"). Returns the cards handed over.
     *
     * @throws Mailer.MailException after the commit, when a halves mail could not be handed over
     *         (audited as at delivery; {@link #resendPin} sends it again)
     */
    public List<CardRecord> handOver(Actor actor, IstatCode municipality) {
        HandedOver done = Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
            guard.check(tx, actor, Operation.HAND_OVER_CARD_BATCH, municipality);
            store.requireEnte(tx, municipality);
            List<CardRecord> out = new ArrayList<>();
            List<HalvesMail> mails = new ArrayList<>();
            for (CardRecord c : people.cardsIn(tx, municipality, CardState.IN_LAVORAZIONE)) {
                if (store.byCode(tx, c.number()).map(r -> r.state().isIssued()).orElse(false)) {
                    CardRecord handed = move(tx, actor, c, CardTransition.HAND_OVER, Optional.empty(), Audit.CARD_HANDED_OVER, o);
                    boolean mayor = people.registration(tx, c.cf(), municipality).map(u -> u.profiles().contains(
                            Profile.ASC) || u.profiles().contains(Profile.APL)).orElse(false);
                    if (mayor) {
                        CardRecord active = move(tx, actor, handed, CardTransition.DELIVER, Optional.empty(), Audit.CARD_DELIVERED, o);
                        mails.add(halvesMail(tx, actor, active, " hand-over"));
                        out.add(active);
                    } else {
                        out.add(handed);
                    }
                }
            }
            return new HandedOver(out, mails);
        });
        RuntimeException failed = null;
        for (HalvesMail m : done.mails()) {
            try {
                send(actor, m);
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return done.cards();
    }

    /**
     * The ALS registers the card's delivery to its holder: the card becomes ATTIVA (and the
     * holder's current card), then the e-mail halves of PIN, PUK and emergency password are
     * sent. If the mail cannot be sent the delivery stays registered, the audit log says the mail
     * did not go ({@code PIN_HALF_NOT_SENT} after its {@code PIN_HALF_SENT}), and {@link #resendPin}
     * sends it again.
     *
     * @throws Mailer.MailException when the mail could not be handed over
     */
    public CardRecord deliver(Actor actor, String number) {
        HalvesMail mail = Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
            CardRecord c = requireCard(tx, number);
            // guide 002 6.3: "il sistema verifica che il codice fiscale inserito sia registrato per il comune"
            checkForHolder(tx, actor, Operation.REGISTER_CARD_DELIVERY, c);
            CardRecord after = move(tx, actor, c, CardTransition.DELIVER, Optional.empty(), Audit.CARD_DELIVERED, o);
            return halvesMail(tx, actor, after, "");
        });
        send(actor, mail);
        return mail.card();
    }

    /**
     * Sends the e-mail halves of the person's delivered card again (the holder lost the mail, or
     * the mailer refused it at delivery).
     *
     * @throws Mailer.MailException when the mail could not be handed over (audited as at delivery)
     */
    public void resendPin(Actor actor, String number) {
        HalvesMail mail = db.inTransaction(tx -> {
            CardRecord c = requireCard(tx, number);
            checkForHolder(tx, actor, Operation.RESEND_PIN_HALF, c);
            if (c.state() != CardState.ATTIVA && c.state() != CardState.BLOCCATA) {
                throw new RefusedException(Refusal.CARD_STATE, "card " + number + " is " + c.state()
                        + ": the PIN half goes out only for a delivered card");
            }
            return halvesMail(tx, actor, c, " resend");
        });
        send(actor, mail);
    }

    /** Blocks the card (temporary): its certificate goes on hold at once. */
    public CardRecord block(Actor actor, String number) {
        return change(actor, number, Operation.BLOCK_SMART_CARD, CardTransition.BLOCK, Audit.CARD_BLOCKED);
    }

    /** Lifts a card's block: its certificate comes off hold. */
    public CardRecord unblock(Actor actor, String number) {
        return change(actor, number, Operation.UNBLOCK_SMART_CARD, CardTransition.UNBLOCK, Audit.CARD_UNBLOCKED);
    }

    /** Revokes the card for good: its certificate is revoked with the reason's CRL code. */
    public CardRecord revoke(Actor actor, String number, CardRevocationReason reason) {
        return Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
            CardRecord c = requireCard(tx, number);
            checkForHolder(tx, actor, Operation.REVOKE_SMART_CARD, c);
            return revokeInTx(tx, actor, c, reason.crlReason(), o);
        });
    }

    /** The card, if any. */
    public Optional<CardRecord> find(String number) {
        return db.inTransaction(tx -> people.card(tx, number));
    }

    /** The person's cards, newest first. */
    public List<CardRecord> ofPerson(CodiceFiscale cf) {
        return db.inTransaction(tx -> people.cardsOf(tx, cf));
    }

    private CardRecord change(Actor actor, String number, Operation op, CardTransition t, AuditAction action) {
        return Outcome.commit(db, livePeople, liveStatus, (tx, o) -> {
            CardRecord c = requireCard(tx, number);
            checkForHolder(tx, actor, op, c);
            CardRecord r = move(tx, actor, c, t, Optional.empty(), action, o);
            CertificateRecord cert = store.byCode(tx, number).orElseThrow();
            Transition follows = t == CardTransition.BLOCK ? Transition.BLOCK : Transition.UNBLOCK;
            if (cert.state().allows(follows)) {
                o.certificate(certificates.changeInTx(tx, actor, cert, follows, Optional.empty(), Optional.empty()));
            }
            return r;
        });
    }

    /**
     * Authorizes an operation on the holder's card (deliver, block, unblock, revoke, resend): a person holds
     * one card for every ente he is registered in (DOMAIN.md "Who is who"), so a console actor acts
     * on it from any ente of the holder, and from no other, not even the one whose number the card
     * carries once the holder left it (his card stays valid for the other enti: "Users"). The
     * person's row is locked first, so the registration read stays as read.
     *
     * @throws NotAuthorizedException when the actor may not
     * @throws RefusedException {@link Refusal#UNKNOWN_USER} when the holder is not registered in the actor's ente
     */
    private void checkForHolder(Transaction tx, Actor actor, Operation op, CardRecord c) throws SQLException {
        if (!(actor instanceof Actor.Console console)) {
            guard.check(tx, actor, op, c.ente());
            return;
        }
        IstatCode own = console.principal().ente();
        people.lockPerson(tx, c.cf());
        boolean holderHere = people.registration(tx, c.cf(), own).isPresent();
        guard.check(tx, actor, op, holderHere ? own : c.ente());
        if (!holderHere) {
            throw new RefusedException(Refusal.UNKNOWN_USER, "the holder of card " + c.number() + ", " + c.cf().canonical()
                    + ", is not registered in ente " + own);
        }
    }

    /** Revokes, inside {@code tx}, every card of {@code cf} not revoked yet; returns their numbers. */
    List<String> revokeAllInTx(Transaction tx, Actor actor, CodiceFiscale cf, RevocationReason reason, Outcome o)
            throws SQLException {
        List<String> revoked = new ArrayList<>();
        for (CardRecord c : people.cardsOf(tx, cf)) {
            if (c.state() != CardState.REVOCATA) {
                revokeInTx(tx, actor, c, reason, o);
                revoked.add(c.number());
            }
        }
        return revoked;
    }

    /**
     * Revokes the card and its certificate inside {@code tx} (a card still queued has its
     * request withdrawn).
     */
    private CardRecord revokeInTx(Transaction tx, Actor actor, CardRecord c, RevocationReason reason, Outcome o) throws SQLException {
        CardRecord after = move(tx, actor, c, CardTransition.REVOKE, Optional.of(reason), Audit.CARD_REVOKED, o);
        Optional<CertificateRecord> cert = store.byCode(tx, c.number());
        if (cert.isPresent()) {
            CertificateRecord r = cert.get();
            if (r.state().allows(Transition.CANCEL)) {
                o.certificate(certificates.changeInTx(tx, actor, r, Transition.CANCEL, Optional.of(reason), Optional.empty()));
            } else if (r.state().allows(Transition.WITHDRAW)) {
                certificates.changeInTx(tx, actor, r, Transition.WITHDRAW, Optional.empty(), Optional.empty());
            }
        }
        return after;
    }

    private CardRecord move(Transaction tx, Actor actor, CardRecord c, CardTransition t, Optional<RevocationReason> reason,
                            AuditAction action, Outcome o) throws SQLException {
        CardState next;
        try {
            next = c.state().after(t);
        } catch (IllegalCardTransitionException e) {
            throw new RefusedException(Refusal.CARD_STATE, "card " + c.number() + ": " + e.getMessage());
        }
        Instant now = settings.clock().instant();
        people.setCardState(tx, c, next, reason, now);
        audit.append(tx, actor, action, c.number(), "cf=" + c.cf().canonical() + " " + c.state() + "->" + next
                + reason.map(r -> " reason=" + r).orElse(""));
        o.person(c.cf());
        return people.card(tx, c.number()).orElseThrow();
    }

    private CardRecord requireCard(Transaction tx, String number) throws SQLException {
        if (number == null || !CARD_NUMBER.matcher(number).matches()) {
            // bad input, as for every certificate code (README "Bad input"); only a well-formed unknown one is a refusal
            throw new InvalidCodeException(String.valueOf(number),
                    "a card number is the ente's ISTAT code and a six-digit progressive (12 digits)");
        }
        return people.card(tx, number).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_CARD, "no smart card " + number));
    }

    private EmailAddress mailTo(Transaction tx, CardRecord c) throws SQLException {
        // the registration in the card's ente, or else any of the holder's
        List<UserRecord> regs = people.registrationsOf(tx, c.cf());
        return regs.stream().filter(u -> u.ente().equals(c.ente())).findFirst().or(() -> regs.stream().findFirst())
                .map(UserRecord::email)
                .orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_USER, c.cf().canonical()
                        + " has no registration with an e-mail address for the PIN half"));
    }

    /**
     * The e-mail halves sealed for the mail that delivery sends: PIN, PUK and emergency password
     * halves, one a line, in US-ASCII. The bytes are written straight from the revealed
     * characters, never through a String (which could not be wiped), and every copy is wiped.
     */
    private String sealMailHalf(String number, CardSecrets s) {
        char[] pin = s.pin().revealEmailHalf();
        char[] puk = s.puk().revealEmailHalf();
        char[] emergency = s.emergencyPassword().revealEmailHalf();
        byte[] plain = new byte[pin.length + 1 + puk.length + 1 + emergency.length];
        int at = ascii(pin, plain, 0);
        plain[at++] = '\n';
        at = ascii(puk, plain, at);
        plain[at++] = '\n';
        ascii(emergency, plain, at);
        Arrays.fill(pin, '\0');
        Arrays.fill(puk, '\0');
        Arrays.fill(emergency, '\0');
        try {
            return Base64.getEncoder().encodeToString(sealer.seal(plain, aad(number)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Writes {@code chars} into {@code out} from {@code at} as US-ASCII, a character outside it
     * as {@code '?'}; returns the index after the last byte written. The secrets' alphabets are
     * ASCII, so these are the bytes {@code String.getBytes(US_ASCII)} gave.
     */
    private static int ascii(char[] chars, byte[] out, int at) {
        for (char c : chars) {
            out[at++] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return at;
    }

    /** The second-halves mail of a card, read (still sealed) in the transaction that records it. */
    private record HalvesMail(CardRecord card, EmailAddress to, String sealed) {
    }

    private HalvesMail halvesMail(Transaction tx, Actor actor, CardRecord c, String note) throws SQLException {
        EmailAddress to = mailTo(tx, c);
        audit.append(tx, actor, Audit.PIN_HALF_SENT, c.number(), "to=" + to + note);
        return new HalvesMail(c, to, people.sealedMailHalf(tx, c.number()).orElseThrow());
    }

    /**
     * Hands the mail over, after the commit that wrote its {@code PIN_HALF_SENT} entry (so a
     * secret never goes out unrecorded, even if the process dies right after). When the mailer
     * refuses it, a {@code PIN_HALF_NOT_SENT} entry says so before the failure is reported.
     */
    private void send(Actor actor, HalvesMail m) {
        try {
            send(m);
        } catch (RuntimeException e) {
            try {
                db.inTransaction(tx -> {
                    audit.append(tx, actor, Audit.PIN_HALF_NOT_SENT, m.card().number(), "to=" + m.to() + " "
                            + printable(e.getClass().getSimpleName() + ": " + e.getMessage(), 500));
                    return null;
                });
            } catch (RuntimeException auditFailed) {
                e.addSuppressed(auditFailed);
            }
            throw e instanceof Mailer.MailException ? e : new Mailer.MailException("the mail to " + m.to()
                    + " with the halves of card " + m.card().number() + " could not be handed over", e);
        }
    }

    /** {@code text} without control characters, at most {@code max} of them (a mailer's message, for the audit). */
    private static String printable(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    /** Unseals the halves and hands the mail over. */
    private void send(HalvesMail m) {
        CardRecord card = m.card();
        EmailAddress to = m.to();
        byte[] plain = sealer.unseal(Base64.getDecoder().decode(m.sealed()), aad(card.number()));
        String[] halves = new String(plain, StandardCharsets.US_ASCII).split("\n", -1);
        Arrays.fill(plain, (byte) 0);
        mailer.send(new Mail(to, "Smart card " + card.number() + ": second half of PIN, PUK and emergency password",
                "Your smart card " + card.number() + " has been delivered.\n\n"
                        + "Second half of the PIN: " + halves[0] + "\n"
                        + "Second half of the PUK: " + halves[1] + "\n"
                        + "Second half of the emergency password: " + halves[2] + "\n\n"
                        + "The first halves are in the sealed envelope that came with the card.\n"
                        + "Each secret is the envelope half followed by this half.\n"));
    }

    private static byte[] aad(String number) {
        return ("sigillo card-halves " + number).getBytes(StandardCharsets.US_ASCII);
    }

    /** The key kind recorded for a card key (RSA 2048 cards are recorded as RSA_3072's family). */
    private static KeySpec specOf(SubjectPublicKeyInfo spki) {
        try {
            return KeySpec.of(KeyFactory.getInstance(KeyPolicy.check(spki) == KeyPolicy.Family.RSA ? "RSA" : "EC")
                    .generatePublic(new X509EncodedKeySpec(spki.getEncoded())));
        } catch (HsmException e) {
            return KeyPolicy.check(spki) == KeyPolicy.Family.RSA ? KeySpec.RSA_3072 : KeySpec.EC_P256;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the card key does not decode", e);
        }
    }
}
