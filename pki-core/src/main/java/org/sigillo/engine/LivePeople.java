package org.sigillo.engine;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.sigillo.lifecycle.CardState;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Transaction;
import org.sigillo.validation.CardRef;
import org.sigillo.validation.InMemoryLiveRegistry;
import org.sigillo.validation.LiveRegistry;
import org.sigillo.validation.PersonHandle;
import org.sigillo.validation.Registration;
import org.sigillo.validation.UserState;

/**
 * The engine's live view of people for the dual check: an {@link InMemoryLiveRegistry} that
 * the engine reloads, person by person, after every committed change (and from other engines'
 * changes through the {@code person.change_seq} column). Reads never touch the database.
 * <ul>
 *   <li>current card: the person's newest card that is {@link CardState#ATTIVA} or
 *       {@link CardState#BLOCCATA} (a blocked card's certificate is on hold, so the check says
 *       BLOCKED) and whose certificate is issued; a card still in production or not yet
 *       delivered is nobody's current card;</li>
 *   <li>registration: one per ente, active when its state is ATTIVO;</li>
 *   <li>user state: ATTIVO for a person with at least one registration.</li>
 * </ul>
 */
final class LivePeople implements LiveRegistry {
    private final InMemoryLiveRegistry view = new InMemoryLiveRegistry();
    /** Per person, the change number of the snapshot applied last (see {@link #apply}). */
    private final ConcurrentHashMap<CodiceFiscale, Long> applied = new ConcurrentHashMap<>();
    private final PeopleStore people;
    private final CertificateStore certificates;

    LivePeople(PeopleStore people, CertificateStore certificates) {
        this.people = people;
        this.certificates = certificates;
    }

    @Override
    public Optional<CardRef> currentCard(CodiceFiscale cf) {
        return view.currentCard(cf);
    }

    @Override
    public Optional<Registration> registration(CodiceFiscale cf, IstatCode ente) {
        return view.registration(cf, ente);
    }

    @Override
    public Optional<UserState> userState(CodiceFiscale cf) {
        return view.userState(cf);
    }

    /** The view's own entry for the person: the validator's cache reads it without a lookup. */
    @Override
    public PersonHandle person(CodiceFiscale cf) {
        return view.person(cf);
    }

    /** Reads the person's facts in {@code tx}; apply the result after the commit with {@link #apply}. */
    Snapshot read(Transaction tx, CodiceFiscale cf) throws SQLException {
        // the number first: what is read after it is at least as new as the number says
        long seq = people.changeSeq(tx, cf);
        Optional<CardRef> card = Optional.empty();
        // the rule PeopleStore.newestUsableCards applies in SQL at start-up: the newest card that
        // is ATTIVA or BLOCCATA among those whose certificate is issued
        for (CardRecord c : people.cardsOf(tx, cf)) {
            if (c.state() == CardState.ATTIVA || c.state() == CardState.BLOCCATA) {
                card = certificates.byCode(tx, c.number())
                        .filter(r -> r.serial().isPresent() && r.issuerKeyId().isPresent())
                        .map(r -> new CardRef(HexFormat.of().parseHex(r.issuerKeyId().get()), r.serial().get()));
                if (card.isPresent()) {
                    break;
                }
            }
        }
        return snapshot(cf, seq, card, people.registrationsOf(tx, cf));
    }

    /** Everything a sync must apply: the changed people's snapshots and the change number they reach. */
    record Changes(List<Snapshot> snapshots, long upTo) {
    }

    /**
     * The people changed after {@code afterSeq}. From 0 (the engine's start) everybody is read
     * with two bulk queries instead of three per person.
     */
    Changes readChangedSince(Transaction tx, long afterSeq) throws SQLException {
        if (afterSeq == 0) {
            return readAll(tx);
        }
        List<CodiceFiscale> cfs = new ArrayList<>();
        long upTo = people.changedSince(tx, afterSeq, cfs);
        return new Changes(read(tx, cfs), upTo);
    }

    private Changes readAll(Transaction tx) throws SQLException {
        long upTo = people.lastChange(tx);
        Map<CodiceFiscale, List<UserRecord>> regs = new HashMap<>();
        for (UserRecord u : people.allRegistrations(tx)) {
            regs.computeIfAbsent(u.cf(), k -> new ArrayList<>()).add(u);
        }
        Map<CodiceFiscale, CardRef> cards = new HashMap<>();
        for (PeopleStore.UsableCard c : people.newestUsableCards(tx)) {
            cards.put(c.cf(), new CardRef(HexFormat.of().parseHex(c.issuerKeyId()), new BigInteger(c.serial(), 16)));
        }
        Set<CodiceFiscale> everybody = new HashSet<>(regs.keySet());
        everybody.addAll(cards.keySet());
        List<Snapshot> out = new ArrayList<>(everybody.size());
        for (CodiceFiscale cf : everybody) {
            out.add(snapshot(cf, upTo, Optional.ofNullable(cards.get(cf)), regs.getOrDefault(cf, List.of())));
        }
        return new Changes(out, upTo);
    }

    private static Snapshot snapshot(CodiceFiscale cf, long seq, Optional<CardRef> card, List<UserRecord> registrations) {
        Map<IstatCode, Registration> regs = new HashMap<>();
        for (UserRecord u : registrations) {
            regs.put(u.ente(), new Registration(u.profiles(), u.environments(), u.state() == UserState.ATTIVO));
        }
        return new Snapshot(cf, seq, card, regs.isEmpty() ? Optional.empty() : Optional.of(UserState.ATTIVO), Map.copyOf(regs));
    }

    /** Reads several people (the people a transaction changed). */
    List<Snapshot> read(Transaction tx, List<CodiceFiscale> cfs) throws SQLException {
        List<Snapshot> out = new ArrayList<>(cfs.size());
        for (CodiceFiscale cf : cfs) {
            out.add(read(tx, cf));
        }
        return out;
    }

    /**
     * One person's facts as read in a transaction, to be applied once it committed; {@code seq}
     * is the person's change number when they were read (every write to a person takes a new
     * one under the person's row lock, so a later snapshot has a number at least as high).
     */
    record Snapshot(CodiceFiscale cf, long seq, Optional<CardRef> card, Optional<UserState> state,
                    Map<IstatCode, Registration> regs) {
    }

    /**
     * Makes the snapshot the live view of its person, unless one with a higher change number was
     * applied already: two transactions on one person can apply after their commits in the other
     * order, or a sync can overlap a local change (as {@link LiveStatus#apply} for certificates).
     */
    void apply(Snapshot s) {
        applied.compute(s.cf(), (cf, seen) -> {
            if (seen != null && seen > s.seq()) {
                return seen;
            }
            view.replace(cf, s.card(), s.state(), s.regs());
            return s.seq();
        });
    }
}
