package org.sigillo.status;

/**
 * A live handle on the status of one certificate, obtained once from a {@link StatusSource}
 * and read many times: {@link #current()} answers what {@link StatusSource#status} would
 * answer now, without looking the certificate up again. Held by caches of verified
 * certificates so that the hot path reads one field instead of searching a map.
 */
@FunctionalInterface
public interface StatusHandle {

    /** The certificate's status now: a change made to the source is visible to the next call. */
    CertStatus current();
}
