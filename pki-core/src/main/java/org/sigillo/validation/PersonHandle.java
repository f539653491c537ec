package org.sigillo.validation;

/**
 * A live handle on one person in a {@link LiveRegistry}, obtained once and read many times:
 * {@link #now()} gives the person's facts as they are now, without looking the person up
 * again. The validator's cache holds one per verified smart-card certificate.
 */
@FunctionalInterface
public interface PersonHandle {

    /** The person's facts now: a change made to the registry is visible to the next call. */
    PersonFacts now();
}
