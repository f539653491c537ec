package org.sigillo.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.ChildJvm;

/**
 * SECURITY.md: "CRL files are public (0644)"; CrlPublisher: the web server that publishes them
 * runs as another user. A CA operator's shell or service with a restrictive umask (077, as STIG
 * hardening sets; 027 under CIS) made every publication 0600 (0640): the permissions asked of
 * createTempFile are filtered by the umask, and each publication is a new file, so a chmod by
 * the operator lasted only until the next CRL.
 */
class CrlPublisherUmaskTest {

    /** Child: publishes one full and one delta CRL into args[0]. */
    public static void main(String[] args) throws Exception {
        TestCa ca = TestCa.ecP256("Sigillo Umask Root");
        Instant now = Instant.now();
        CrlPublisher publisher = new CrlPublisher(Path.of(args[0]), "workstation", new StreamingCrlWriter());
        publisher.publish(new CrlHeader(ca.name, ca.keyId, now, now.plusSeconds(86400), BigInteger.ONE, CrlScope.full()),
                CrlEntries.builder().build(), ca.signer());
        publisher.publish(new CrlHeader(ca.name, ca.keyId, now, now.plusSeconds(3600), BigInteger.TWO, CrlScope.delta(BigInteger.ONE)),
                CrlEntries.builder().build(), ca.signer());
    }

    @Test
    void publishedFilesAreWorldReadableWhateverTheUmask(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = ChildJvm.builder(CrlPublisherUmaskTest.class, Map.of(), dir.toString());
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 077 && exec \"$0\" \"$@\""));
        cmd.addAll(pb.command());
        Process p = pb.command(cmd).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        for (String f : List.of("workstation.crl", "workstation.pem", "workstation-delta.crl", "workstation-delta.pem")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
        }
    }
}
