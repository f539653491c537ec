package org.sigillo.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks our CRLs with the real {@code openssl} CLI: signature verification and decoding. */
class OpensslCrlTest {

    record Result(int exitCode, String output) {
    }

    static Result openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl timed out");
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void opensslVerifiesFullAndDeltaCrlsAndShowsDeltaIndicatorAndReasons(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.ecP256("Sigillo OpenSSL Root");
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Instant thisUpdate = Instant.parse("2026-06-01T10:00:00Z");
        Instant nextUpdate = thisUpdate.plusSeconds(7 * 86400);
        CrlPublisher publisher = new CrlPublisher(dir, "root", new StreamingCrlWriter());

        CrlEntries full = StreamingCrlWriterTest.columnar(StreamingCrlWriterTest.sampleEntries());
        publisher.publish(new CrlHeader(ca.name, ca.keyId, thisUpdate, nextUpdate, BigInteger.valueOf(100),
                CrlScope.fullWithFreshest(URI.create("http://crl.sigillo.test/root-delta.crl"))), full, ca.signer());
        CrlEntries delta = CrlEntries.builder()
                .add(BigInteger.valueOf(0xC0FFEE), thisUpdate.minusSeconds(60), RevocationReason.KEY_COMPROMISE,
                        thisUpdate.minusSeconds(86400))
                .add(BigInteger.valueOf(0xB10C), thisUpdate.minusSeconds(30), RevocationReason.CERTIFICATE_HOLD, null)
                .add(BigInteger.valueOf(0xFEED), thisUpdate.minusSeconds(10), RevocationReason.REMOVE_FROM_CRL, null)
                .build();
        publisher.publish(new CrlHeader(ca.name, ca.keyId, thisUpdate, nextUpdate.minusSeconds(6 * 86400),
                BigInteger.valueOf(101), CrlScope.delta(BigInteger.valueOf(100))), delta, ca.signer());

        for (String crl : List.of("root.pem", "root-delta.pem")) {
            Result verify = openssl(dir, "crl", "-in", crl, "-CAfile", "ca.pem", "-verify", "-noout");
            assertEquals(0, verify.exitCode(), crl + ": " + verify.output());
            assertTrue(verify.output().contains("verify OK"), crl + ": " + verify.output());
            Result der = openssl(dir, "crl", "-inform", "DER", "-in", crl.replace(".pem", ".crl"),
                    "-CAfile", "ca.pem", "-verify", "-noout");
            assertEquals(0, der.exitCode(), crl + " DER: " + der.output());
            assertTrue(der.output().contains("verify OK"), crl + " DER: " + der.output());
        }

        // and a CRL does not verify against another CA of the same name (the check can fail)
        TestCa impostor = TestCa.ecP256("Sigillo OpenSSL Root");
        Files.writeString(dir.resolve("impostor.pem"), impostor.certificatePem());
        Result wrong = openssl(dir, "crl", "-in", "root-delta.pem", "-CAfile", "impostor.pem", "-verify", "-noout");
        assertTrue(wrong.exitCode() != 0 || !wrong.output().contains("verify OK"), wrong.output());

        Result deltaText = openssl(dir, "crl", "-in", "root-delta.pem", "-text", "-noout");
        assertEquals(0, deltaText.exitCode(), deltaText.output());
        String text = deltaText.output();
        assertTrue(text.contains("X509v3 Delta CRL Indicator: critical"), text);
        assertTrue(text.contains("X509v3 CRL Number:") && text.contains("101"), text);
        assertTrue(text.contains("Key Compromise"), text);
        assertTrue(text.contains("Certificate Hold"), text);
        assertTrue(text.contains("Remove From CRL"), text);
        assertTrue(text.contains("Invalidity Date"), text);
        assertTrue(text.contains("C0FFEE"), text);

        Result fullText = openssl(dir, "crl", "-in", "root.pem", "-text", "-noout");
        assertEquals(0, fullText.exitCode(), fullText.output());
        String fullOut = fullText.output();
        assertTrue(fullOut.contains("X509v3 Freshest CRL"), fullOut);
        assertTrue(fullOut.contains("URI:http://crl.sigillo.test/root-delta.crl"), fullOut);
        for (String reason : List.of("Key Compromise", "CA Compromise", "Affiliation Changed", "Superseded",
                "Cessation Of Operation", "Certificate Hold", "Remove From CRL", "Privilege Withdrawn",
                "AA Compromise")) {
            assertTrue(fullOut.contains(reason), reason + " missing from:\n" + fullOut);
        }
        assertTrue(!fullOut.contains("Delta CRL Indicator"), fullOut);
    }
}
