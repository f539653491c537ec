package org.sigillo.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * A {@link LiveRegistry} held in memory, fed by the engine's store (and by tests and
 * benchmarks). Thread-safe: each person's facts are one immutable snapshot replaced atomically,
 * so reads take no lock and see every completed update.
 */
public final class InMemoryLiveRegistry implements LiveRegistry {

    private record Person(CardRef card, UserState state, Map<IstatCode, Registration> registrations) {
    }

    private static final Person NOBODY = new Person(null, null, Map.of());

    private final ConcurrentHashMap<CodiceFiscale, Person> people = new ConcurrentHashMap<>();

    @Override
    public Optional<CardRef> currentCard(CodiceFiscale cf) {
        Person p = people.get(cf);
        return p == null ? Optional.empty() : Optional.ofNullable(p.card);
    }

    @Override
    public Optional<Registration> registration(CodiceFiscale cf, IstatCode ente) {
        Person p = people.get(cf);
        return p == null ? Optional.empty() : Optional.ofNullable(p.registrations.get(ente));
    }

    @Override
    public Optional<UserState> userState(CodiceFiscale cf) {
        Person p = people.get(cf);
        return p == null ? Optional.empty() : Optional.ofNullable(p.state);
    }

    /** Sets the person's state (a new person starts with no card and no registration). */
    public void setUserState(CodiceFiscale cf, UserState state) {
        Objects.requireNonNull(state, "state");
        people.compute(Objects.requireNonNull(cf, "cf"),
                (k, p) -> new Person(or(p).card, state, or(p).registrations));
    }

    /** Makes {@code card} the person's current card (the previous one stops being current). */
    public void setCurrentCard(CodiceFiscale cf, CardRef card) {
        Objects.requireNonNull(card, "card");
        people.compute(Objects.requireNonNull(cf, "cf"),
                (k, p) -> new Person(card, or(p).state, or(p).registrations));
    }

    /** Removes the person's current card: no card is current until a new one is set. */
    public void clearCurrentCard(CodiceFiscale cf) {
        people.computeIfPresent(Objects.requireNonNull(cf, "cf"),
                (k, p) -> new Person(null, p.state, p.registrations));
    }

    /** Sets (adds or replaces) the person's registration in {@code ente}. */
    public void putRegistration(CodiceFiscale cf, IstatCode ente, Registration registration) {
        Objects.requireNonNull(ente, "ente");
        Objects.requireNonNull(registration, "registration");
        people.compute(Objects.requireNonNull(cf, "cf"), (k, p) -> {
            Map<IstatCode, Registration> regs = new HashMap<>(or(p).registrations);
            regs.put(ente, registration);
            return new Person(or(p).card, or(p).state, Map.copyOf(regs));
        });
    }

    /** Removes the person's registration in {@code ente}, if any. */
    public void removeRegistration(CodiceFiscale cf, IstatCode ente) {
        Objects.requireNonNull(ente, "ente");
        people.computeIfPresent(Objects.requireNonNull(cf, "cf"), (k, p) -> {
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
        Objects.requireNonNull(cf, "cf");
        if (card.isEmpty() && state.isEmpty() && registrations.isEmpty()) {
            people.remove(cf);
        } else {
            people.put(cf, new Person(card.orElse(null), state.orElse(null), Map.copyOf(registrations)));
        }
    }

    /** Forgets the person entirely. */
    public void remove(CodiceFiscale cf) {
        people.remove(Objects.requireNonNull(cf, "cf"));
    }

    private static Person or(Person p) {
        return p == null ? NOBODY : p;
    }
}
