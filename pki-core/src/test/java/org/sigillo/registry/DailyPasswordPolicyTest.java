package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DailyPasswordPolicyTest {

    private static final CodiceFiscale HOLDER = CodiceFiscale.parse("RSSMRA85T10A562S");

    private static Instant rome(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static DailyPasswordGrant grantAt(Instant instant) {
        return new DailyPasswordPolicy(Clock.fixed(instant, ZoneOffset.UTC)).grant(HOLDER);
    }

    @Test
    void dailyPasswordIsRandomAndStoredOnlyAsAPbkdf2Hash() {
        DailyPasswordGrant grant = grantAt(rome("2026-06-15T10:00:00+02:00"));
        char[] password = grant.revealPassword();
        assertEquals(DailyPasswordPolicy.PASSWORD_LENGTH, password.length);
        assertTrue(new String(password).matches("[A-HJ-NP-Za-km-np-z2-9]{12}"), new String(password));
        String encoded = grant.stored().hash().encoded();
        assertTrue(encoded.startsWith("pbkdf2-sha256$100000$"), encoded);
        assertFalse(encoded.contains(new String(password)));
        assertFalse(grant.toString().contains(new String(password)));
        assertFalse(grant.stored().toString().contains(new String(password)));
        DailyPasswordGrant other = grantAt(rome("2026-06-15T10:00:00+02:00"));
        assertNotEquals(new String(password), new String(other.revealPassword()));
        assertNotEquals(encoded, other.stored().hash().encoded());
        grant.destroy();
        assertTrue(grant.isDestroyed());
        assertThrows(IllegalStateException.class, grant::revealPassword);
    }

    @Test
    void injectedSecureRandomDrivesThePasswordAndSalt() throws NoSuchAlgorithmException {
        Clock clock = Clock.fixed(rome("2026-06-15T10:00:00+02:00"), ZoneOffset.UTC);
        DailyPasswordGrant[] grants = new DailyPasswordGrant[2];
        for (int i = 0; i < 2; i++) {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(42L);
            grants[i] = new DailyPasswordPolicy(clock, seeded, 100_000).grant(HOLDER);
        }
        assertArrayEquals(grants[0].revealPassword(), grants[1].revealPassword());
        assertEquals(grants[0].stored(), grants[1].stored());
        assertThrows(InvalidPasswordHashException.class,
                () -> new DailyPasswordPolicy(clock, new SecureRandom(), 99_999));
    }

    @Test
    void dailyPasswordVerifiesUntilMidnightRomeAndNotAfter() {
        Instant granted = rome("2026-06-14T23:59:30+02:00");
        DailyPasswordGrant grant = grantAt(granted);
        DailyPassword stored = grant.stored();
        assertEquals(granted, stored.grantedAt());
        assertEquals(rome("2026-06-15T00:00:00+02:00"), stored.expiresAt());
        char[] password = grant.revealPassword();
        assertTrue(stored.verify(password, granted));
        assertTrue(stored.verify(password, rome("2026-06-14T23:59:59.999+02:00")));
        assertFalse(stored.verify(password, rome("2026-06-15T00:00:00+02:00")));
        assertFalse(stored.verify(password, rome("2026-06-15T09:00:00+02:00")));
        assertFalse(stored.verify(password, granted.minusSeconds(1)), "not before it was granted");
        char[] wrong = password.clone();
        wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
        assertFalse(stored.verify(wrong, granted));
        assertFalse(stored.verify(new char[0], granted));
    }

    @Test
    void dailyPasswordGrantedAtMidnightLastsTheWholeDay() {
        assertEquals(rome("2026-06-16T00:00:00+02:00"),
                DailyPasswordPolicy.expiryOf(rome("2026-06-15T00:00:00+02:00")));
        assertEquals(rome("2026-01-01T00:00:00+01:00"),
                DailyPasswordPolicy.expiryOf(rome("2025-12-31T12:00:00+01:00")));
    }

    @Test
    void dailyPasswordExpiryOnSpringForwardDayLastSundayOfMarch() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST, the day has 23 hours
        Instant justBefore = rome("2026-03-28T23:30:00+01:00");
        assertEquals(rome("2026-03-29T00:00:00+01:00"), DailyPasswordPolicy.expiryOf(justBefore));
        Instant earlyOnTheDay = rome("2026-03-29T00:30:00+01:00");
        Instant expiry = DailyPasswordPolicy.expiryOf(earlyOnTheDay);
        assertEquals(Instant.parse("2026-03-29T22:00:00Z"), expiry);
        assertEquals(Duration.ofMinutes(22 * 60 + 30), Duration.between(earlyOnTheDay, expiry));
        assertEquals(expiry, DailyPasswordPolicy.expiryOf(rome("2026-03-29T03:30:00+02:00")));

        DailyPasswordGrant grant = grantAt(earlyOnTheDay);
        char[] password = grant.revealPassword();
        assertTrue(grant.stored().verify(password, rome("2026-03-29T23:59:59+02:00")));
        assertFalse(grant.stored().verify(password, Instant.parse("2026-03-29T22:00:00Z")));
    }

    @Test
    void dailyPasswordExpiryOnFallBackDayLastSundayOfOctober() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, the day has 25 hours
        Instant earlyOnTheDay = rome("2026-10-25T00:30:00+02:00");
        Instant expiry = DailyPasswordPolicy.expiryOf(earlyOnTheDay);
        assertEquals(Instant.parse("2026-10-25T23:00:00Z"), expiry);
        assertEquals(Duration.ofMinutes(24 * 60 + 30), Duration.between(earlyOnTheDay, expiry));
        // both passes through 02:30 end at the same midnight
        assertEquals(expiry, DailyPasswordPolicy.expiryOf(rome("2026-10-25T02:30:00+02:00")));
        assertEquals(expiry, DailyPasswordPolicy.expiryOf(rome("2026-10-25T02:30:00+01:00")));
        assertEquals(rome("2026-10-25T00:00:00+02:00"),
                DailyPasswordPolicy.expiryOf(rome("2026-10-24T23:59:00+02:00")));

        DailyPasswordGrant grant = grantAt(earlyOnTheDay);
        char[] password = grant.revealPassword();
        assertTrue(grant.stored().verify(password, rome("2026-10-25T23:59:59+01:00")));
        assertFalse(grant.stored().verify(password, rome("2026-10-26T00:00:00+01:00")));
    }
}
