package org.sigillo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README: "an export that cannot be written (no such folder, a full disk) is not audited". An
 * {@code --out} that names an existing folder cannot take the file either: the rename into place
 * fails after the audit, so the log used to record a CERT_EXPORTED for a PKCS#12 (and its
 * installation password) that nobody ever received. Run in process over a software-vault home.
 */
class ExportToAFolderTest {
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
}
