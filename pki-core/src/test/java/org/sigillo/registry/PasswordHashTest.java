package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void pbkdf2HashMatchesTheJdkImplementation() throws Exception {
        char[] password = "Xq7pLm2Rt9Kz".toCharArray();
        PasswordHash hash = PasswordHash.derive(password, SALT, 100_000);
        byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, SALT, 100_000, 256)).getEncoded();
        String[] parts = hash.encoded().split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("100000", parts[1]);
        assertArrayEquals(SALT, Base64.getDecoder().decode(parts[2]));
        assertArrayEquals(jdk, Base64.getDecoder().decode(parts[3]));
    }

    @Test
    void encodedHashIsSelfDescribingAndRoundTrips() {
        PasswordHash hash = PasswordHash.derive("secret-one".toCharArray(), SALT, 120_000);
        PasswordHash read = PasswordHash.parse(hash.encoded());
        assertEquals(hash, read);
        assertEquals(120_000, read.iterations());
        assertTrue(read.matches("secret-one".toCharArray()));
        assertFalse(read.matches("secret-two".toCharArray()));
    }

    @Test
    void weakOrMalformedHashesAreRefused() {
        PasswordHash hash = PasswordHash.derive("x".toCharArray(), SALT, 100_000);
        String[] p = hash.encoded().split("\\$");
        String[] bad = {
            "", "bcrypt$100000$" + p[2] + "$" + p[3], p[0] + "$99999$" + p[2] + "$" + p[3],
            p[0] + "$abc$" + p[2] + "$" + p[3], p[0] + "$100000$!!$" + p[3],
            p[0] + "$100000$" + Base64.getEncoder().encodeToString(new byte[8]) + "$" + p[3],
            p[0] + "$100000$" + p[2] + "$" + Base64.getEncoder().encodeToString(new byte[16]),
            p[0] + "$100000$" + p[2],
            p[0] + "$2147483647$" + p[2] + "$" + p[3],
        };
        for (String encoded : bad) {
            assertThrows(InvalidPasswordHashException.class, () -> PasswordHash.parse(encoded), encoded);
        }
        assertThrows(InvalidPasswordHashException.class, () -> PasswordHash.derive("x".toCharArray(), SALT, 1000));
        assertThrows(InvalidPasswordHashException.class,
                () -> PasswordHash.derive("x".toCharArray(), new byte[15], 100_000));
    }
}
