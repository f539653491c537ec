package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.profile.ExportBundle;
import org.sigillo.profile.InstallationPassword;
import org.sigillo.registry.CardSecrets;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.testing.MutableClock;
import org.sigillo.testing.SoftwareCardCsr;

/**
 * Secrets handled as {@code char[]} are never turned into a {@code String} (which cannot be
 * wiped) or left in a buffer that is dropped without being wiped: the test runs the code path,
 * wipes its own copies of the secret, dumps the heap of its JVM and looks for the secret in the
 * dump, as Latin-1 (compact strings, StringBuilders) and as UTF-16 in both byte orders (char
 * arrays are dumped big-endian, UTF-16 strings' bytes as they are in memory).
 *
 * <p>The dump includes unreachable objects ({@code live = false}, taken right after the code ran,
 * with a collection just before it): a String that is already garbage is exactly what lingers in
 * a real heap until its memory happens to be reused, and a dump of live objects only would never
 * see it.
 */
class SecretsInTheHeapTest {
    private static final byte MASK = 0x5a;

    @Test
    void theSealedMailHalvesOfACardAreNeverAString(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (EngineFixture f = new EngineFixture(clock, dir)) {
            byte[] csr = SoftwareCardCsr.newCsr();
            System.gc();
            CardRequested r = f.engine().cards().requestForHolder(EngineFixture.ROMA, CodiceFiscale.parse("RSSMRA85T10A562S"),
                    "Mario", "Rossi", Optional.of(EmailAddress.parse("mario.rossi@comune.roma.it")), csr, CardRequestReason.FIRST);
            List<Needle> needles = new ArrayList<>();
            try {
                CardSecrets s = secretsOf(r);
                char[] pin = s.pin().revealEmailHalf();
                char[] puk = s.puk().revealEmailHalf();
                char[] emergency = s.emergencyPassword().revealEmailHalf();
                char[] sealed = new char[pin.length + 1 + puk.length + 1 + emergency.length];
                System.arraycopy(pin, 0, sealed, 0, pin.length);
                sealed[pin.length] = '\n';
                System.arraycopy(puk, 0, sealed, pin.length + 1, puk.length);
                sealed[pin.length + 1 + puk.length] = '\n';
                System.arraycopy(emergency, 0, sealed, pin.length + puk.length + 2, emergency.length);
                // the halves alone are too short to look for without false alarms (4 digits; 6 of 32 symbols)
                needles.addAll(Needle.of("the sealed text of the e-mail halves", sealed));
                wipe(pin, puk, emergency, sealed);
            } finally {
                r.destroy();
            }
            Set<String> found = findInHeapDump(dir, needles);
            assertEquals(Set.of(), found, "secrets found in the heap");
        }
    }

    @Test
    void theExportBundlesPasswordsLeaveNoUnwipedCopy(@TempDir Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        List<InstallationPassword> passwords = new ArrayList<>();
        List<Needle> needles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            InstallationPassword p = InstallationPassword.generate(random);
            char[] pw = p.reveal();
            needles.addAll(Needle.of("installation password " + i, pw));
            wipe(pw);
            passwords.add(p);
        }
        byte[] pkcs12 = new byte[200];
        random.nextBytes(pkcs12);
        System.gc();
        ExportBundle bundle = new ExportBundle(Instant.parse("2026-11-22T10:00:00Z"));
        for (int i = 0; i < passwords.size(); i++) {
            bundle.add(String.format("058091%06d", i + 1), pkcs12, passwords.get(i));
        }
        byte[] zip = bundle.finish();
        passwords.forEach(InstallationPassword::destroy);
        Set<String> found = findInHeapDump(dir, needles);
        assertTrue(zip.length > 6 * pkcs12.length);
        assertEquals(Set.of(), found, "secrets found in the heap");
    }

    /** The card's secrets, which {@link CardRequested} keeps private (its public API gives the envelope halves only). */
    private static CardSecrets secretsOf(CardRequested r) throws ReflectiveOperationException {
        Field f = CardRequested.class.getDeclaredField("secrets");
        f.setAccessible(true);
        return (CardSecrets) f.get(r);
    }

    private static void wipe(char[]... arrays) {
        for (char[] a : arrays) {
            Arrays.fill(a, '\0');
        }
    }

    /** Dumps this JVM's heap (unreachable objects included) under {@code dir}, searches it, deletes it. */
    private static Set<String> findInHeapDump(Path dir, List<Needle> needles) throws IOException {
        Path hprof = dir.resolve("heap.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(hprof.toString(), false);
        try {
            return search(hprof, needles);
        } finally {
            Files.deleteIfExists(hprof);
        }
    }

    /** The names of the needles found in {@code file}, read in chunks that overlap by the longest needle. */
    private static Set<String> search(Path file, List<Needle> needles) throws IOException {
        int overlap = needles.stream().mapToInt(n -> n.masked.length).max().orElse(1) - 1;
        byte[] buf = new byte[(1 << 24) + overlap];
        Set<String> found = new LinkedHashSet<>();
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buf, kept, buf.length - kept)) > 0) {
                int end = kept + n;
                for (Needle needle : needles) {
                    if (needle.in(buf, end)) {
                        found.add(needle.name);
                    }
                }
                kept = Math.min(overlap, end);
                System.arraycopy(buf, end - kept, buf, 0, kept);
            }
        }
        return found;
    }

    /**
     * One encoding of a secret to look for, held masked (each byte XOR {@value #MASK}) so that the
     * test's own copy is not what the search finds.
     */
    private static final class Needle {
        final String name;
        final byte[] masked;

        private Needle(String name, byte[] masked) {
            this.name = name;
            this.masked = masked;
        }

        /** The secret as Latin-1, UTF-16BE and UTF-16LE (its characters are ASCII). */
        static List<Needle> of(String name, char[] secret) {
            byte[] latin1 = new byte[secret.length];
            byte[] be = new byte[2 * secret.length];
            byte[] le = new byte[2 * secret.length];
            for (int i = 0; i < secret.length; i++) {
                byte hi = (byte) (secret[i] >>> 8);
                byte lo = (byte) secret[i];
                latin1[i] = (byte) (lo ^ MASK);
                be[2 * i] = (byte) (hi ^ MASK);
                be[2 * i + 1] = (byte) (lo ^ MASK);
                le[2 * i] = (byte) (lo ^ MASK);
                le[2 * i + 1] = (byte) (hi ^ MASK);
            }
            return List.of(new Needle(name + " (Latin-1)", latin1), new Needle(name + " (UTF-16BE)", be),
                    new Needle(name + " (UTF-16LE)", le));
        }

        boolean in(byte[] buf, int end) {
            byte first = (byte) (masked[0] ^ MASK);
            outer:
            for (int i = 0, last = end - masked.length; i <= last; i++) {
                if (buf[i] != first) {
                    continue;
                }
                for (int j = 1; j < masked.length; j++) {
                    if (buf[i + j] != (byte) (masked[j] ^ MASK)) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
