package org.sigillo.validation;

import java.util.Objects;
import java.util.Optional;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * What the dual check reads about one person at one moment: the current card, the person's
 * state and the registration in an ente. An implementation answers from one consistent
 * snapshot where it can.
 */
public interface PersonFacts {

    /** The person's current smart-card certificate, or empty when they have none. */
    Optional<CardRef> currentCard();

    /** The person's state, or empty when the person is unknown. */
    Optional<UserState> userState();

    /** The person's registration in {@code ente}, or empty when they have none there. */
    Optional<Registration> registration(IstatCode ente);

    /** The facts of {@code cf} read from {@code registry} afresh by each call, one lookup each. */
    static PersonFacts lookingUp(LiveRegistry registry, CodiceFiscale cf) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(cf, "cf");
        return new PersonFacts() {
            @Override
            public Optional<CardRef> currentCard() {
                return registry.currentCard(cf);
            }

            @Override
            public Optional<UserState> userState() {
                return registry.userState(cf);
            }

            @Override
            public Optional<Registration> registration(IstatCode ente) {
                return registry.registration(cf, ente);
            }
        };
    }
}
