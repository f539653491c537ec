package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.ChildJvm;
import org.sigillo.hsm.testing.SoftHsm;

/**
 * A token goes away and comes back while the engine runs, in a child JVM with its own SoftHSM2
 * configuration (reconnecting loads a private module instance, which must not touch the tokens
 * other test classes use): every public operation fails with a typed {@link HsmException},
 * never a provider exception, and signing works again without a restart once the token is back.
 */
class TokenOutageTest {
    @TempDir
    static Path dir;
    private static ChildOutput out;

    @BeforeAll
    static void runScenario() {
        Map<String, String> env = SoftHsm.isolated(dir, "moved", "deleted");
        out = new ChildOutput(ChildJvm.run(VaultChild.class, env, "outage", dir.resolve("tokens").toString(), "moved", "deleted"));
    }

    @Test
    void noProviderExceptionLeaksFromAnyOperation() {
        assertFalse(out.result().output().contains(" LEAK "), out.toString());
    }

    @Test
    void everyOperationOnARemovedTokenFailsAsTokenUnavailable() {
        for (String step : List.of("REMOVED-SIGN", "REMOVED-SIGN-AGAIN", "REMOVED-CONTENT-SIGNER", "REMOVED-LIST",
                "REMOVED-FIND", "REMOVED-GENERATE", "REMOVED-DELETE", "REMOVED-POOL")) {
            assertEquals(List.of("FAULT", "TOKEN_UNAVAILABLE"), out.words(step).subList(0, 2), step + " in\n" + out);
        }
        assertEquals(List.of("false", "TOKEN_UNAVAILABLE"), out.words("REMOVED-HEALTH"));
    }

    @Test
    void anotherTokenOfTheSameModuleKeepsSigningDuringTheOutage() {
        assertEquals("OK", out.word("OTHER-TOKEN-DURING-OUTAGE"));
    }

    @Test
    void signingWorksAgainWhenTheTokenIsBackWithoutARestart() throws Exception {
        PublicKey key = out.publicKey("ec");
        byte[] data = "outage test data".getBytes(StandardCharsets.US_ASCII);
        assertTrue(verifies(key, data, out.bytes("SIG", "before")));
        assertEquals("OK", out.word("RESTORED-SIGN"));
        assertTrue(verifies(key, data, Base64.getDecoder().decode(out.words("RESTORED-SIGN").get(1))),
                "the signature made after the token came back verifies with the key made before");
        assertEquals("true", out.word("RESTORED-HEALTH"));
        assertEquals(List.of("OK", "ec"), out.words("RESTORED-LIST"));
        assertEquals(List.of("OK", Base64.getEncoder().encodeToString(key.getEncoded())), out.words("RESTORED-FIND"));
    }

    @Test
    void reconnectionAttemptsWaitForTheBackoffOnTheInjectedClock() throws Exception {
        assertEquals(List.of("FAULT", "TOKEN_UNAVAILABLE"), out.words("BACKOFF-FIRST").subList(0, 2));
        assertTrue(String.join(" ", out.words("BACKOFF-FIRST")).contains("no token labelled 'moved'"),
                "the first failure tried to reconnect: " + out.words("BACKOFF-FIRST"));
        for (String step : List.of("BACKOFF-WAITING", "BACKOFF-BACK-BUT-WAITING")) {
            List<String> words = out.words(step);
            assertEquals(List.of("FAULT", "TOKEN_UNAVAILABLE"), words.subList(0, 2), step);
            assertTrue(String.join(" ", words).contains("next reconnection attempt at 2026-01-01T00:01:00Z"),
                    step + " fails fast until the backoff is over: " + words);
        }
        assertEquals("OK", out.word("BACKOFF-DUE"), "once the minute has passed the vault reconnects");
        assertTrue(verifies(out.publicKey("ec"), "outage test data".getBytes(StandardCharsets.US_ASCII),
                Base64.getDecoder().decode(out.words("BACKOFF-DUE").get(1))));
    }

    @Test
    void aDeletedTokenIsUnavailableAndCannotBeOpened() {
        assertEquals(List.of("FAULT", "TOKEN_UNAVAILABLE"), out.words("DELETED-SIGN").subList(0, 2));
        assertEquals(List.of("FAULT", "TOKEN_UNAVAILABLE"), out.words("DELETED-LIST").subList(0, 2));
        assertEquals(List.of("FAULT", "TOKEN_NOT_FOUND"), out.words("DELETED-OPEN").subList(0, 2));
        assertTrue(out.words("DELETED-OPEN").contains("'deleted'"), out.toString());
    }

    @Test
    void aRecreatedEmptyTokenIsReconnectedButTheKeyIsGone() {
        assertEquals(List.of("FAULT", "UNKNOWN_KEY"), out.words("RECREATED-SIGN").subList(0, 2));
        assertEquals(List.of("OK", "false"), out.words("RECREATED-FIND"));
    }

    @Test
    void aTokenRecreatedWithAnotherPinIsAWrongPin() {
        assertEquals(List.of("FAULT", "WRONG_PIN"), out.words("OTHER-PIN-GENERATE").subList(0, 2));
        assertEquals(List.of("FAULT", "WRONG_PIN"), out.words("OTHER-PIN-OPEN").subList(0, 2));
        List<String> again = out.words("OTHER-PIN-AGAIN");
        assertEquals(List.of("FAULT", "WRONG_PIN"), again.subList(0, 2));
        assertTrue(String.join(" ", again).contains("not trying it again"), "the refused PIN is not retried: " + again);
    }

    @Test
    void aClosedVaultSaysSo() {
        assertEquals(List.of("FAULT", "CLOSED"), out.words("CLOSED-SIGN").subList(0, 2));
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(key);
        v.update(data);
        return v.verify(sig);
    }
}
