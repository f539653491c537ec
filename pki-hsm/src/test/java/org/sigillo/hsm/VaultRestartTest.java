package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.ChildJvm;
import org.sigillo.hsm.testing.SoftHsm;

/**
 * Keys outlive the process that made them: one JVM generates RSA-3072 and EC P-256 keys in a
 * SoftHSM2 token, a second JVM finds, lists and signs with them, and this JVM verifies; then
 * OpenSC's pkcs11-tool, from outside Java, confirms how the private keys are stored.
 */
class VaultRestartTest {
    private static final String TOKEN = "restart";

    @Test
    void keysSurviveARestartAndStayInsideTheToken(@TempDir Path dir) throws Exception {
        Map<String, String> env = SoftHsm.isolated(dir, TOKEN);
        ChildOutput generated = new ChildOutput(ChildJvm.run(VaultChild.class, env, "generate", TOKEN));

        byte[] data = "signed after a restart".getBytes(StandardCharsets.UTF_8);
        ChildOutput signed = new ChildOutput(ChildJvm.run(VaultChild.class, env, "sign", TOKEN, HexFormat.of().formatHex(data)));

        assertEquals("ec:EC_P256,rsa:RSA_3072", signed.word("LIST"));
        assertEquals("RSA_3072", signed.word("FOUND", "rsa"));
        assertEquals("EC_P256", signed.word("FOUND", "ec"));
        for (String label : List.of("rsa", "ec")) {
            assertArrayEquals(generated.bytes("PUB", label), Base64.getDecoder().decode(signed.words("FOUND", label).get(1)),
                    "the second JVM finds the same public key for " + label);
            Signature v = Signature.getInstance(label.equals("rsa") ? "SHA256withRSA" : "SHA256withECDSA");
            v.initVerify(generated.publicKey(label));
            v.update(data);
            assertTrue(v.verify(signed.bytes("SIG", label)), "signature by " + label + " from the second JVM verifies");
            v.initVerify(generated.publicKey(label));
            v.update("other data".getBytes(StandardCharsets.UTF_8));
            assertFalse(v.verify(signed.bytes("SIG", label)), "and does not verify over other data");
        }

        Path conf = Path.of(env.get("SOFTHSM2_CONF"));
        List<Pkcs11ToolObject> loggedIn = Pkcs11ToolObject.list(conf, TOKEN, true);
        for (String label : List.of("rsa", "ec")) {
            Pkcs11ToolObject key = Pkcs11ToolObject.privateKey(loggedIn, label);
            assertTrue(key.access().contains("sensitive"), label + ": " + key);
            assertTrue(key.access().contains("never extractable"), label + ": " + key);
            assertFalse(key.access().stream().anyMatch(a -> a.equals("extractable")), label + " is not extractable: " + key);
            assertEquals(List.of("sign"), key.usage(), label + " signs and does nothing else: " + key);
        }
        // A private object is invisible without login; the certificates next to the keys are public.
        List<Pkcs11ToolObject> anonymous = Pkcs11ToolObject.list(conf, TOKEN, false);
        assertFalse(anonymous.stream().anyMatch(o -> o.kind().startsWith("Private Key Object")), "private keys need login: " + anonymous);
        assertEquals(2, anonymous.stream().filter(o -> o.kind().startsWith("Certificate Object")).count(), anonymous.toString());
    }

    /** One object block of {@code pkcs11-tool -O}. */
    record Pkcs11ToolObject(String kind, String label, String id, List<String> usage, List<String> access) {

        /** Lists the token objects (pkcs11-tool opens its own session, so it sees only token objects). */
        static List<Pkcs11ToolObject> list(Path conf, String token, boolean login) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", SoftHsm.MODULE.toString(), "--token-label", token));
            if (login) {
                cmd.addAll(List.of("--login", "--pin", SoftHsm.USER_PIN));
            }
            cmd.add("-O");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SOFTHSM2_CONF", conf.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            List<Pkcs11ToolObject> objects = new ArrayList<>();
            String kind = null;
            String label = "";
            String id = "";
            List<String> usage = List.of();
            List<String> access = List.of();
            for (String line : (out + "\nEND\n").split("\n")) {
                if (!line.startsWith(" ")) {
                    if (kind != null) {
                        objects.add(new Pkcs11ToolObject(kind, label, id, usage, access));
                    }
                    kind = line.trim();
                    label = "";
                    id = "";
                    usage = List.of();
                    access = List.of();
                    continue;
                }
                String t = line.trim();
                int colon = t.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = t.substring(0, colon);
                String value = t.substring(colon + 1).trim();
                switch (name) {
                    case "label" -> label = value;
                    case "ID" -> id = value;
                    case "Usage" -> usage = List.of(value.split(",\\s*"));
                    case "Access" -> access = List.of(value.split(",\\s*"));
                    default -> { }
                }
            }
            return objects;
        }

        /** The private key stored under a Sigillo label: SunPKCS11's key store marks it by CKA_ID = the label's bytes. */
        static Pkcs11ToolObject privateKey(List<Pkcs11ToolObject> objects, String label) {
            String id = HexFormat.of().formatHex(label.getBytes(StandardCharsets.UTF_8));
            List<Pkcs11ToolObject> keys = objects.stream()
                    .filter(o -> o.kind().startsWith("Private Key Object") && o.id().equals(id)).toList();
            assertEquals(1, keys.size(), "one private token key with CKA_ID " + id + " (" + label + ") in " + objects);
            return keys.get(0);
        }
    }
}
