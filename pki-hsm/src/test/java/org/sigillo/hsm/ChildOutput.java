package org.sigillo.hsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.sigillo.hsm.testing.ChildJvm;

/** The observation lines a {@link VaultChild} printed, looked up by their first words. */
record ChildOutput(ChildJvm.Result result) {

    ChildOutput {
        assertEquals(0, result.exitCode(), () -> "child JVM failed:\n" + result.output());
    }

    /** The words after {@code key} on the one line that starts with it. */
    List<String> words(String... key) {
        String prefix = String.join(" ", key) + " ";
        List<String> found = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (line.startsWith(prefix)) {
                found.add(line.substring(prefix.length()));
            }
        }
        if (found.size() != 1) {
            fail("expected one line starting '" + prefix + "', found " + found.size() + " in:\n" + result.output());
        }
        return List.of(found.get(0).split(" "));
    }

    String word(String... key) {
        return words(key).get(0);
    }

    byte[] bytes(String... key) {
        return Base64.getDecoder().decode(word(key));
    }

    PublicKey publicKey(String label) throws Exception {
        byte[] der = bytes("PUB", label);
        String alg = label.startsWith("rsa") ? "RSA" : "EC";
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
    }

    @Override
    public String toString() {
        return result.output();
    }
}
