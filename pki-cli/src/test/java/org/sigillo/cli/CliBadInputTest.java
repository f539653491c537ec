package org.sigillo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void badCensusFilesAndCardNumbersAreBadInputExit2(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        assertEquals(0, sigillo(home, "init", "--hsm", "software").rc());
        assertEquals(0, sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma Capitale").rc());

        // a census saved in Windows-1252: it was exit 3 (infrastructure) with "sigillo: Input length = 1"
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, ("ente,058091,Roma Capitale\nworkstations,1\ncodice_fiscale,nome,cognome,email,pec,profili,ambienti\n"
                + "RSSMRA85T10A562S,Nicol\u00f2,Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n").getBytes(StandardCharsets.ISO_8859_1));
        Run r = sigillo(home, "census", "import", latin1.toString(), "--ente", "058091");
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.err().contains("line 4: BAD_ENCODING"), r.err());

        // a folder named as the census: it was exit 3 with "sigillo: Is a directory"
        Run folder = sigillo(home, "census", "import", dir.toString(), "--ente", "058091");
        assertEquals(2, folder.rc(), folder.err());

        // a census name longer than 64 characters: now a census error with its line, nothing stored
        Path longName = dir.resolve("long.csv");
        Files.writeString(longName, "ente,058091,Roma Capitale\nworkstations,1\ncodice_fiscale,nome,cognome,email,pec,profili,ambienti\n"
                + "RSSMRA85T10A562S," + "M".repeat(70) + ",Rossi,mario.rossi@comune.roma.it,,ALS,PRODUZIONE\n");
        Run longRun = sigillo(home, "census", "import", longName.toString(), "--ente", "058091");
        assertEquals(2, longRun.rc(), longRun.err());
        assertTrue(longRun.err().contains("line 4: BAD_NAME"), longRun.err());

        // a card number of no known form is bad input (as `workstation block abc` is), not a refusal
        Run ws = sigillo(home, "workstation", "block", "abc");
        assertEquals(2, ws.rc(), ws.err());
        Run card = sigillo(home, "card", "block", "abc");
        assertEquals(2, card.rc(), card.err());
        Run unknown = sigillo(home, "card", "block", "058091000001");
        assertEquals(1, unknown.rc(), "a well-formed unknown card is still a refusal: " + unknown.err());
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

        String audited = sigillo(home, "audit", "verify").out();
        Run refused = sigillo(home, "card", "request", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--csr", csr.toString());
        assertTrue(refused.rc() != 0, refused.out());
        assertEquals(audited, sigillo(home, "audit", "verify").out(), "nothing was requested, nothing audited: " + refused.err());

        Files.delete(home.resolve("envelopes"));
        Run taken = sigillo(home, "card", "request", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--csr", csr.toString());
        assertEquals(0, taken.rc(), taken.err());
        // the first number: the refused request had spent none
        assertTrue(Files.isRegularFile(home.resolve("envelopes/058091000001.txt")), taken.out());
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
        String audited = sigillo(home, "audit", "verify").out();

        Run one = sigillo(home, "workstation", "export", "058091-PC-0001", "--out", folder.toString());
        assertEquals(audited, sigillo(home, "audit", "verify").out(), "no export was written, none may be audited: " + one.err());
        assertEquals(2, one.rc(), "an --out that is a folder is bad input: " + one.out() + one.err());
        Run all = sigillo(home, "workstation", "export-all", "--ente", "058091", "--out", folder.toString());
        assertEquals(audited, sigillo(home, "audit", "verify").out(), "no export was written, none may be audited: " + all.err());
        assertEquals(2, all.rc(), "an --out that is a folder is bad input: " + all.out() + all.err());
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** A folder that is no Sigillo home is bad input for db compact too (it exited 3, UNAVAILABLE from H2). */
    @Test
    void dbCompactOfAFolderThatIsNoHomeIsBadInput(@TempDir Path dir) {
        Run r = sigillo(dir.resolve("nowhere"), "db", "compact");
        assertEquals(2, r.rc(), r.out() + r.err());
        assertTrue(r.err().contains("is not a Sigillo home"), r.err());
    }
}
