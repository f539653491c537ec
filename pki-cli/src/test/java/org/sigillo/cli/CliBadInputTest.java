package org.sigillo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.testing.SoftwareCardCsr;

/** Bad census files, card numbers and export targets are bad input (exit 2), run in process over a software-vault home. */
class CliBadInputTest {
    private record Run(int rc, String out, String err) {
    }

    private static Run sigillo(Path home, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = Main.run(all, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(rc, o.toString(), e.toString());
    }

    /** The audit log's entry count, as {@code audit verify} prints it. */
    private static long auditEntries(Path home) {
        Run verify = sigillo(home, "audit", "verify");
        Matcher m = Pattern.compile("intact: (\\d+) entries").matcher(verify.out());
        assertTrue(verify.rc() == 0 && m.find(), verify.out() + verify.err());
        return Long.parseLong(m.group(1));
    }

    @Test
    void badCensusFilesAndCardNumbersAreBadInputExit2(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        assertEquals(0, sigillo(home, "init", "--hsm", "software").rc());
        assertEquals(0, sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma Capitale").rc());
        long audited = auditEntries(home);

        // a census saved in Windows-1252: it was exit 3 (infrastructure) with "sigillo: Input length = 1"
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, ("ente,058091,Roma Capitale\nworkstations,1\ncodice_fiscale,nome,cognome,email,pec,profili,ambienti\n"
                + "RSSMRA85T10A562S,Nicol\u00f2,Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n").getBytes(StandardCharsets.ISO_8859_1));
        Run r = sigillo(home, "census", "import", latin1.toString(), "--ente", "058091");
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.err().contains("line 4: BAD_ENCODING"), r.err());
        assertEquals(audited, auditEntries(home), "a rejected census stores nothing");

        // a folder named as the census: it was exit 3 with "sigillo: Is a directory"
        Run folder = sigillo(home, "census", "import", dir.toString(), "--ente", "058091");
        assertEquals(2, folder.rc(), folder.err());
        assertTrue(folder.err().contains("is a folder, not a census file"), folder.err());
        assertEquals(audited, auditEntries(home), "a census that is a folder stores nothing");

        // a census name longer than 64 characters: now a census error with its line, nothing stored
        Path longName = dir.resolve("long.csv");
        Files.writeString(longName, "ente,058091,Roma Capitale\nworkstations,1\ncodice_fiscale,nome,cognome,email,pec,profili,ambienti\n"
                + "RSSMRA85T10A562S," + "M".repeat(70) + ",Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n");
        Run longRun = sigillo(home, "census", "import", longName.toString(), "--ente", "058091");
        assertEquals(2, longRun.rc(), longRun.err());
        assertTrue(longRun.err().contains("line 4: BAD_NAME"), longRun.err());
        assertEquals(audited, auditEntries(home), "a rejected census stores nothing");
        Run users = sigillo(home, "--json", "user", "list", "--ente", "058091");
        assertEquals(0, users.rc(), users.err());
        assertFalse(users.out().contains("RSSMRA85T10A562S"), "no census user was registered: " + users.out());
        Run queued = sigillo(home, "--json", "workstation", "list", "--ente", "058091");
        assertEquals(0, queued.rc(), queued.err());
        assertEquals("[]", queued.out().strip(), "no census workstation was queued");

        // a card number of no known form is bad input (as `workstation block abc` is), not a refusal
        Run ws = sigillo(home, "workstation", "block", "abc");
        assertEquals(2, ws.rc(), ws.err());
        Run card = sigillo(home, "card", "block", "abc");
        assertEquals(2, card.rc(), card.err());
        Run unknown = sigillo(home, "card", "block", "058091000001");
        assertEquals(1, unknown.rc(), "a well-formed unknown card is still a refusal: " + unknown.err());
        assertEquals(audited, auditEntries(home), "bad input and refusals write nothing");
    }

    /**
     * A card request whose envelope folder cannot be written is refused before anything is
     * requested: once it commits, the envelope halves exist nowhere else.
     */
    @Test
    void aCardRequestWithAnUnwritableEnvelopeFolderRequestsNothing(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        assertEquals(0, sigillo(home, "init", "--hsm", "software").rc());
        assertEquals(0, sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma Capitale").rc());
        Run user = sigillo(home, "user", "add", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--name", "Mario",
                "--surname", "Rossi", "--email", "mario.rossi@comune.roma.it", "--profiles", "ALS,ALP");
        assertEquals(0, user.rc(), user.err());
        Path csr = dir.resolve("card.csr");
        Files.write(csr, SoftwareCardCsr.newCsr());
        Files.writeString(home.resolve("envelopes"), "a file where the envelope folder goes");

        long audited = auditEntries(home);
        Run refused = sigillo(home, "card", "request", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--csr", csr.toString());
        assertEquals(3, refused.rc(), "an envelope folder that cannot be made is the infrastructure's: " + refused.out() + refused.err());
        assertEquals(audited, auditEntries(home), "nothing was requested, nothing audited: " + refused.err());
        assertTrue(Files.isRegularFile(home.resolve("envelopes")), "the file in the envelope folder's place is left alone");

        Files.delete(home.resolve("envelopes"));
        Run taken = sigillo(home, "card", "request", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--csr", csr.toString());
        assertEquals(0, taken.rc(), taken.err());
        // the first number: the refused request had spent none
        assertTrue(Files.isRegularFile(home.resolve("envelopes/058091000001.txt")), taken.out());
        assertTrue(taken.out().contains("058091000001"), taken.out());
        assertTrue(auditEntries(home) > audited, "the card request that was taken is audited");
    }

    /**
     * README: "an export that cannot be written (no such folder, a full disk) is not audited". An
     * {@code --out} that names an existing folder cannot take the file either: the rename into
     * place failed after the audit, so the log recorded a CERT_EXPORTED for a PKCS#12 (and its
     * installation password) that nobody ever received. It is bad input now, refused first.
     */
    @Test
    void anExportWhoseOutIsAFolderIsRefusedAndNotAudited(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        assertEquals(0, sigillo(home, "init", "--hsm", "software").rc());
        assertEquals(0, sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma Capitale").rc());
        assertEquals(0, sigillo(home, "workstation", "register", "--ente", "058091").rc());
        assertEquals(0, sigillo(home, "batch").rc());
        Path folder = Files.createDirectories(dir.resolve("exports"));
        long audited = auditEntries(home);

        Run one = sigillo(home, "workstation", "export", "058091-PC-0001", "--out", folder.toString());
        assertEquals(audited, auditEntries(home), "no export was written, none may be audited: " + one.err());
        assertEquals(2, one.rc(), "an --out that is a folder is bad input: " + one.out() + one.err());
        Run all = sigillo(home, "workstation", "export-all", "--ente", "058091", "--out", folder.toString());
        assertEquals(audited, auditEntries(home), "no export was written, none may be audited: " + all.err());
        assertEquals(2, all.rc(), "an --out that is a folder is bad input: " + all.out() + all.err());
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        try (var inFolder = Files.list(folder)) {
            assertEquals(0, inFolder.count(), "nothing was written into the folder named as --out");
        }
    }

    /** A folder that is no Sigillo home is bad input for db compact too (it exited 3, UNAVAILABLE from H2). */
    @Test
    void dbCompactOfAFolderThatIsNoHomeIsBadInput(@TempDir Path dir) {
        Run r = sigillo(dir.resolve("nowhere"), "db", "compact");
        assertEquals(2, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains("is not a Sigillo home"), r.err());
        assertFalse(Files.exists(dir.resolve("nowhere")), "refused, so no home was created there");
    }
}
