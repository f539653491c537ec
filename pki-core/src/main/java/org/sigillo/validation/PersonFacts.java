package org.sigillo.validation;

import java.util.Optional;

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
}
