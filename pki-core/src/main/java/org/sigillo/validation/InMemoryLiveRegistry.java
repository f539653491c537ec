package org.sigillo.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * A {@link LiveRegistry} held in memory, fed by the engine's store (and by tests and
 * benchmarks). Thread-safe: each person's facts are one immutable snapshot replaced atomically,
 * so reads take no lock and see every completed update.
 *
 * <p>Each person known at any time keeps one entry for the life of the registry (a forgotten
 * person's entry reads as nobody), and the entry is its own {@link PersonHandle}: a cache that
 * holds it reaches the person's current snapshot with one load.
 */
public final class InMemoryLiveRegistry implements LiveRegistry {

    /** One person's facts at one moment; the optionals are made once per change, not per read. */
    private record Person(Optional<CardRef> card, Optional<UserState> state, Map<IstatCode, Registration> registrations)
            implements PersonFacts {
        @Override
        public Optional<CardRef> currentCard() {
            return card;
        }

        @Override
        public Optional<UserState> userState() {
            return state;
        }

        @Override
        public Optional<Registration> registration(IstatCode ente) {
            return Optional.ofNullable(registrations.get(ente));
        }
    }

    /** A person's entry: the current snapshot, replaced on every change. */
    private static final class Slot implements PersonHandle {
        volatile Person person;

        Slot(Person person) {
            this.person = person;
        }

        @Override
        public PersonFacts now() {
            return person;
        }
    }

    private static final Person NOBODY = new Person(Optional.empty(), Optional.empty(), Map.of());

    private final ConcurrentHashMap<CodiceFiscale, Slot> people = new ConcurrentHashMap<>();

    @Override
    public Optional<CardRef> currentCard(CodiceFiscale cf) {
        return person(cf, NOBODY).card;
    }

    @Override
    public Optional<Registration> registration(CodiceFiscale cf, IstatCode ente) {
        return person(cf, NOBODY).registration(ente);
    }

    @Override
    public Optional<UserState> userState(CodiceFiscale cf) {
        return person(cf, NOBODY).state;
    }

    /**
     * The person's entry itself; one reading as nobody is made when the person is not known yet.
     * Ask only for people named by a verified certificate, or anyone could fill the registry.
     */
    @Override
    public PersonHandle person(CodiceFiscale cf) {
        return people.computeIfAbsent(Objects.requireNonNull(cf, "cf"), k -> new Slot(NOBODY));
    }

    /** Sets the person's state (a new person starts with no card and no registration). */
    public void setUserState(CodiceFiscale cf, UserState state) {
        Objects.requireNonNull(state, "state");
        update(cf, p -> new Person(p.card, Optional.of(state), p.registrations));
    }

    /** Makes {@code card} the person's current card (the previous one stops being current). */
    public void setCurrentCard(CodiceFiscale cf, CardRef card) {
        Objects.requireNonNull(card, "card");
        update(cf, p -> new Person(Optional.of(card), p.state, p.registrations));
    }

    /** Removes the person's current card: no card is current until a new one is set. */
    public void clearCurrentCard(CodiceFiscale cf) {
        update(cf, p -> new Person(Optional.empty(), p.state, p.registrations));
    }

    /** Sets (adds or replaces) the person's registration in {@code ente}. */
    public void putRegistration(CodiceFiscale cf, IstatCode ente, Registration registration) {
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(registration, "registration");
        update(cf, p -> {
            Map<IstatCode, Registration> regs = new HashMap<>(p.registrations);
            regs.put(ente, registration);
            return new Person(p.card, p.state, Map.copyOf(regs));
        });
    }

    /** Removes the person's registration in {@code ente}, if any. */
    public void removeRegistration(CodiceFiscale cf, IstatCode ente) {
        Objects.requireNonNull(ente, "ente");
        update(cf, p -> {
            Map<IstatCode, Registration> regs = new HashMap<>(p.registrations);
            regs.remove(ente);
            return new Person(p.card, p.state, Map.copyOf(regs));
        });
    }

    /**
     * Replaces everything known about the person in one step (the store-backed view reloads a
     * changed person this way): current card, state and registrations. A person with none of
     * the three is forgotten.
     */
    public void replace(CodiceFiscale cf, Optional<CardRef> card, Optional<UserState> state,
                        Map<IstatCode, Registration> registrations) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(state, "state");
        Person next = card.isEmpty() && state.isEmpty() && registrations.isEmpty()
                ? NOBODY : new Person(card, state, Map.copyOf(registrations));
        update(cf, p -> next);
    }

    /** Forgets the person entirely. */
    public void remove(CodiceFiscale cf) {
        update(cf, p -> NOBODY);
    }

    private Person person(CodiceFiscale cf, Person absent) {
        Slot slot = people.get(cf);
        return slot == null ? absent : slot.person;
    }

    /** Replaces the person's snapshot under the map's lock for that person, so updates never interleave. */
    private void update(CodiceFiscale cf, UnaryOperator<Person> change) {
        people.compute(Objects.requireNonNull(cf, "cf"), (k, slot) -> {
            Slot s = slot == null ? new Slot(NOBODY) : slot;
            s.person = change.apply(s.person);
            return s;
        });
    }
}
