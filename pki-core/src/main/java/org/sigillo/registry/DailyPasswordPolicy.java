package org.sigillo.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Grants daily passwords: {@value #PASSWORD_LENGTH} characters drawn by a CSPRNG from 56
 * unambiguous letters and digits (about 69 bits), stored only as a PBKDF2-HMAC-SHA256
 * {@link PasswordHash} with a random 16-byte salt, valid until the next midnight in
 * Europe/Rome after the grant instant (so 23, 24 or 25 hours at most, depending on DST).
 */
public final class DailyPasswordPolicy {

    /** The length of a daily password. */
    public static final int PASSWORD_LENGTH = 12;
    /** The time zone whose midnight ends a daily password. */
    public static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private final Clock clock;
    private final SecureRandom random;
    private final int iterations;

    /**
     * A policy with an injected clock, random source and PBKDF2 iteration count.
     *
     * @throws InvalidPasswordHashException if iterations is below {@link PasswordHash#MIN_ITERATIONS}
     */
    public DailyPasswordPolicy(Clock clock, SecureRandom random, int iterations) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (iterations < PasswordHash.MIN_ITERATIONS) {
            throw new InvalidPasswordHashException(
                    iterations + " iterations, at least " + PasswordHash.MIN_ITERATIONS + " required");
        }
        this.iterations = iterations;
    }

    /** A policy with the given clock, a default {@link SecureRandom} and the minimum iterations. */
    public DailyPasswordPolicy(Clock clock) {
        this(clock, new SecureRandom(), PasswordHash.MIN_ITERATIONS);
    }

    /** Grants a new daily password to {@code holder} at the clock's current instant. */
    public DailyPasswordGrant grant(CodiceFiscale holder) {
        Objects.requireNonNull(holder, "holder");
        Instant now = clock.instant();
        char[] password = SecretAlphabet.MIXED_ALNUM.draw(random, PASSWORD_LENGTH);
        byte[] salt = new byte[PasswordHash.SALT_BYTES];
        random.nextBytes(salt);
        PasswordHash hash = PasswordHash.derive(password, salt, iterations);
        Arrays.fill(salt, (byte) 0);
        return new DailyPasswordGrant(new DailyPassword(holder, now, expiryOf(now), hash), password);
    }

    /** The first midnight in Europe/Rome strictly after {@code grantedAt}. */
    public static Instant expiryOf(Instant grantedAt) {
        return grantedAt.atZone(ROME).toLocalDate().plusDays(1).atStartOfDay(ROME).toInstant();
    }
}
