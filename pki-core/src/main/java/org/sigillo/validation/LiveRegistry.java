package org.sigillo.validation;

import java.util.Optional;

import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.IstatCode;

/**
 * The live facts about people that the dual check reads on every call. Implementations answer
 * from live state: a change must be visible to the very next call. Must be thread-safe; the
 * validator calls it from many threads and never caches its answers.
 */
public interface LiveRegistry {

    /** The person's current smart-card certificate, or empty when they have none. */
    Optional<CardRef> currentCard(CodiceFiscale cf);

    /** The person's registration in {@code ente}, or empty when they have none there. */
    Optional<Registration> registration(CodiceFiscale cf, IstatCode ente);

    /** The person's state, or empty when the person is unknown. */
    Optional<UserState> userState(CodiceFiscale cf);

    /**
     * A handle on the person {@code cf}, for a caller that reads them again and again (the
     * validator's cache). It must follow every later change, including the person becoming
     * known. This default looks the person up on each read; an implementation holding people in
     * memory can return the person's entry itself.
     */
    default PersonHandle person(CodiceFiscale cf) {
        PersonFacts facts = PersonFacts.lookingUp(this, cf);
        return () -> facts;
    }
}
