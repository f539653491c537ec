package org.sigillo.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored form of a granted daily password: who it is for, when it was granted, when it
 * expires (the next midnight, Europe/Rome) and only a {@link PasswordHash} of the password.
 *
 * @param holder the user it was granted to
 * @param grantedAt the grant instant
 * @param expiresAt the first instant at which it no longer works
 * @param hash the password hash
 */
public record DailyPassword(CodiceFiscale holder, Instant grantedAt, Instant expiresAt, PasswordHash hash) {

    /** Refuses null parts and an expiry not after the grant. */
    public DailyPassword {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(hash, "hash");
        if (!expiresAt.isAfter(grantedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after grantedAt " + grantedAt);
        }
    }

    /** Whether the password works at {@code now}: from the grant instant, up to (excluding) the expiry. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(grantedAt) && now.isBefore(expiresAt);
    }

    /**
     * Whether {@code candidate} is the password and it is still valid at {@code now}. The hash
     * comparison is constant-time; an expired password is refused whatever the candidate.
     */
    public boolean verify(char[] candidate, Instant now) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(now, "now");
        return isValidAt(now) && hash.matches(candidate);
    }
}
