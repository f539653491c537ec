package org.sigillo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardSecretsTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void cardSecretsHaveTheDocumentedLengthsAndAlphabets() {
        CardSecrets s = CardSecrets.generate(random);
        assertTrue(new String(s.pin().revealWhole()).matches("[0-9]{8}"));
        assertTrue(new String(s.puk().revealWhole()).matches("[0-9]{8}"));
        assertTrue(new String(s.emergencyPassword().revealWhole()).matches("[A-HJ-NP-Z2-9]{12}"));
    }

    @Test
    void eachSecretSplitsIntoEnvelopeAndEmailHalves() {
        CardSecrets s = CardSecrets.generate(random);
        for (SplitSecret secret : new SplitSecret[] {s.pin(), s.puk(), s.emergencyPassword()}) {
            String envelope = new String(secret.revealEnvelopeHalf());
            String email = new String(secret.revealEmailHalf());
            assertEquals(secret.length() / 2, envelope.length());
            assertEquals(secret.length() - envelope.length(), email.length());
            assertEquals(new String(secret.revealWhole()), envelope + email);
        }
        assertEquals(4, s.pin().revealEnvelopeHalf().length);
        assertEquals(6, s.emergencyPassword().revealEmailHalf().length);
    }

    @Test
    void toStringNeverRevealsASecret() {
        CardSecrets s = CardSecrets.generate(random);
        String text = s.toString() + s.pin() + s.puk() + s.emergencyPassword();
        for (SplitSecret secret : new SplitSecret[] {s.pin(), s.puk(), s.emergencyPassword()}) {
            assertFalse(text.contains(new String(secret.revealEnvelopeHalf())), text);
            assertFalse(text.contains(new String(secret.revealEmailHalf())), text);
        }
        assertTrue(text.contains("hidden"));
    }

    @Test
    void secretsComeFromTheRandomSourceAndCoverTheAlphabet() {
        Set<String> pins = new HashSet<>();
        Set<Character> firstDigits = new HashSet<>();
        Set<Character> emergencyChars = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            CardSecrets s = CardSecrets.generate(random);
            String pin = new String(s.pin().revealWhole());
            pins.add(pin);
            firstDigits.add(pin.charAt(0));
            for (char c : s.emergencyPassword().revealWhole()) {
                emergencyChars.add(c);
            }
        }
        assertTrue(pins.size() > 1990, "PINs repeat too often: " + pins.size());
        assertEquals(10, firstDigits.size());
        assertEquals(32, emergencyChars.size());
    }

    @Test
    void destroyedSecretsCannotBeRead() {
        CardSecrets s = CardSecrets.generate(random);
        s.destroy();
        assertTrue(s.isDestroyed());
        assertThrows(IllegalStateException.class, () -> s.pin().revealEnvelopeHalf());
        assertThrows(IllegalStateException.class, () -> s.puk().revealEmailHalf());
        assertThrows(IllegalStateException.class, () -> s.emergencyPassword().revealWhole());
    }
}
