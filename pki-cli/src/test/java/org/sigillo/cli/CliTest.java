package org.sigillo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.hsm.testing.ChildJvm;
import org.sigillo.testing.OpenSsl;

/**
 * The operators' command, run as operators run it: in its own JVM, whose SOFTHSM2_CONF points
 * into the home (as the ./sigillo launcher sets it), with OpenSSL checking what it wrote.
 */
class CliTest {

    private static ChildJvm.Result sigillo(Path home, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ChildJvm.run(Main.class, Map.of("SOFTHSM2_CONF", home.resolve("hsm/softhsm2.conf").toString()), all);
    }

    @Test
    void theDemoRunsEndToEndAndLeavesFilesOpenSslAccepts(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("hsm"));
        ChildJvm.Result r = sigillo(home, "demo");
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output();
        assertTrue(out.contains("058091-PC-0001: good"), out);
        assertTrue(out.contains("058091-PC-0002: revoked (CERTIFICATE_HOLD"), out);
        assertTrue(out.contains("058091-PC-0003: revoked (KEY_COMPROMISE"), out);
        assertTrue(out.contains("unknown serial 42: unknown"), out);
        assertTrue(out.contains("refused, nothing changed"), out);
        assertTrue(out.matches("(?s).*intact, \\d+ entries.*"), out);
        assertTrue(out.matches("(?s).*PC-0001 \\+ Rossi's card, PRODUZIONE\\s+ACCEPTED\\s+058091 058091-PC-0001 RSSMRA85T10A562S.*"), out);
        for (String reason : new String[] {"ENVIRONMENT_NOT_ALLOWED", "BLOCKED (WORKSTATION", "REVOKED (WORKSTATION",
                "WRONG_KIND (WORKSTATION", "WRONG_KIND (CARD", "MALFORMED_INPUT", "USER_BLOCKED", "NOT_CURRENT_CARD",
                "REVOKED (CARD"}) {
            assertTrue(out.contains("REFUSED   " + reason), reason + " in " + out);
        }

        ChildJvm.Result card = sigillo(home, "--json", "card", "request", "--cf", "BNCLRA90A41H501F", "--ente", "058091",
                "--name", "Laura", "--surname", "Bianchi");
        assertEquals(0, card.exitCode(), card.output());
        assertTrue(card.output().contains("\"card\":\"058091000004\""), card.output());
        assertEquals(0, sigillo(home, "batch").exitCode());
        ChildJvm.Result shown = sigillo(home, "cert", "show", "058091000004", "--out", dir.resolve("card.pem").toString());
        assertEquals(0, shown.exitCode(), shown.output());
        assertTrue(shown.output().contains("SMART_CARD") && shown.output().contains("ATTIVO"), shown.output());
        X509Certificate cardCert = certificate(Files.readAllBytes(dir.resolve("card.pem")));
        cardCert.verify(certificate(Files.readAllBytes(home.resolve("ca/smartcard-ca.pem"))).getPublicKey());
        OpenSsl.Result subject = OpenSsl.run("x509", "-in", dir.resolve("card.pem").toString(), "-noout", "-subject");
        assertTrue(subject.output().contains("serialNumber = TINIT-BNCLRA90A41H501F"), subject.output());
        assertTrue(card.output().contains("\"revoked\":[\"058091000002\"]"), "the previous card goes at once: " + card.output());
        Path envelope = home.resolve("envelopes/058091000004.txt");
        String halves = Files.readString(envelope, StandardCharsets.UTF_8);
        assertTrue(halves.matches("Smart card 058091000004\nFirst half of the PIN: \\S+\nFirst half of the PUK: \\S+"
                + "\nFirst half of the emergency password: \\S+\n"), halves);
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(envelope));

        // the dual check from the command line, against the home's live people and status
        String ws = home.resolve("ca/058091-PC-0001.pem").toString();
        String cardPem = dir.resolve("card.pem").toString();
        ChildJvm.Result notDelivered = sigillo(home, "validate", "--workstation", ws, "--card", cardPem);
        assertEquals(1, notDelivered.exitCode(), notDelivered.output());
        assertTrue(notDelivered.output().contains("REFUSED NOT_CURRENT_CARD"), notDelivered.output());
        assertEquals(0, sigillo(home, "card", "hand-over", "--ente", "058091").exitCode());
        ChildJvm.Result delivered = sigillo(home, "card", "deliver", "058091000004");
        assertEquals(0, delivered.exitCode(), delivered.output());
        ChildJvm.Result ok = sigillo(home, "--json", "validate", "--workstation", ws, "--card", cardPem, "--env", "PRESUBENTRO");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("\"result\":\"ACCEPTED\"") && ok.output().contains("\"cf\":\"BNCLRA90A41H501F\""), ok.output());
        assertEquals(0, sigillo(home, "user", "block", "BNCLRA90A41H501F", "--ente", "058091").exitCode());
        ChildJvm.Result blocked = sigillo(home, "validate", "--workstation", ws, "--card", cardPem);
        assertEquals(1, blocked.exitCode(), blocked.output());
        assertTrue(blocked.output().contains("REFUSED USER_BLOCKED"), blocked.output());
        assertEquals(0, sigillo(home, "user", "unblock", "BNCLRA90A41H501F", "--ente", "058091").exitCode());
        assertEquals(0, sigillo(home, "card", "revoke", "058091000004", "--reason", "LOSS_OR_THEFT").exitCode());
        ChildJvm.Result revoked = sigillo(home, "validate", "--workstation", ws, "--card", cardPem);
        assertEquals(1, revoked.exitCode(), revoked.output());
        assertTrue(revoked.output().contains("REFUSED REVOKED (CARD)") && revoked.output().contains("KEY_COMPROMISE"), revoked.output());
        ChildJvm.Result replacement = sigillo(home, "--json", "card", "request", "--cf", "BNCLRA90A41H501F", "--ente", "058091",
                "--name", "Laura", "--surname", "Bianchi", "--reason", "LOSS_OR_THEFT");
        assertEquals(0, replacement.exitCode(), "a second simulated card for one person (a token per card): " + replacement.output());
        assertTrue(replacement.output().contains("\"card\":\"058091000005\""), replacement.output());
        try (var mails = Files.list(home.resolve("mail"))) {
            assertTrue(mails.filter(f -> f.toString().endsWith(".eml")).count() >= 4, "delivery mails in DIR/mail");
        }

        Path ca = home.resolve("ca");
        OpenSsl.Result v = OpenSsl.run("verify", "-CAfile", ca.resolve("root.pem").toString(), "-untrusted",
                ca.resolve("workstation-ca.pem").toString(), ca.resolve("058091-PC-0001.pem").toString());
        assertTrue(v.ok(), v.output());
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(ca.resolve("root.pem")) + Files.readString(ca.resolve("workstation-ca.pem")));
        OpenSsl.Result crl = OpenSsl.run("crl", "-in", home.resolve("crl/workstation.pem").toString(), "-CAfile", chain.toString(),
                "-verify", "-noout");
        assertTrue(crl.output().contains("verify OK"), crl.output());
        String pw = out.replaceAll("(?s).*installation password \\(shown once\\): ([A-Z0-9]{8}).*", "$1");
        OpenSsl.Result p12 = OpenSsl.run("pkcs12", "-info", "-in", home.resolve("export/058091-PC-0001.p12").toString(),
                "-passin", "pass:" + pw, "-noout");
        assertTrue(p12.ok(), p12.output());
    }

    private static Set<PosixFilePermission> posix(Path f) {
        try {
            return Files.getPosixFilePermissions(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void commandsKeepTheirExitCodes(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        ChildJvm.Result notInit = sigillo(home, "batch");
        assertEquals(2, notInit.exitCode(), "a home that was never initialised is bad input: " + notInit.output());
        assertTrue(notInit.output().contains("init"), notInit.output());

        assertEquals(0, sigillo(home, "init", "--hsm", "software").exitCode());
        assertEquals(0, sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma Capitale").exitCode());
        ChildJvm.Result dup = sigillo(home, "ente", "add", "--istat", "058091", "--name", "Roma");
        assertEquals(1, dup.exitCode(), "a rule refused it: " + dup.output());
        assertTrue(dup.output().contains("ENTE_EXISTS"), dup.output());

        ChildJvm.Result badLabel = sigillo(home, "workstation", "register", "--ente", "058091", "--label", "PC<1>");
        assertEquals(2, badLabel.exitCode(), badLabel.output());
        assertTrue(badLabel.output().contains("'<'"), badLabel.output());
        assertEquals(2, sigillo(home, "workstation", "register", "--ente", "58091").exitCode(), "malformed ISTAT code");
        assertEquals(2, sigillo(home, "no-such-command").exitCode());

        ChildJvm.Result reg = sigillo(home, "--json", "workstation", "register", "--ente", "058091");
        assertEquals(0, reg.exitCode(), reg.output());
        assertTrue(reg.output().contains("{\"code\":\"058091-PC-0001\"}"), reg.output());
        ChildJvm.Result noneChosen = sigillo(home, "server", "notification", "--ente", "058091");
        assertEquals(1, noneChosen.exitCode(), noneChosen.output());
        assertTrue(noneChosen.output().contains("has chosen no notification certificate"), noneChosen.output());
        assertEquals(0, sigillo(home, "server", "issue", "--ente", "058091").exitCode());
        assertEquals(0, sigillo(home, "batch").exitCode());
        ChildJvm.Result chosen = sigillo(home, "--json", "server", "notification", "--ente", "058091");
        assertEquals(0, chosen.exitCode(), chosen.output());
        assertTrue(chosen.output().contains("\"code\":\"058091-CO-9999\"") && chosen.output().contains("\"usable\":true"),
                chosen.output());
        assertEquals(0, sigillo(home, "workstation", "block", "058091-CO-9999").exitCode());
        ChildJvm.Result blocked = sigillo(home, "server", "notification", "--ente", "058091");
        assertEquals(1, blocked.exitCode(), "a blocked certificate is not encrypted to: " + blocked.output());
        assertTrue(blocked.output().contains("058091-CO-9999 is chosen but cannot be encrypted to (BLOCCATO)"), blocked.output());
        long beforeUnblock = auditEntries(home);
        ChildJvm.Result unblock = sigillo(home, "workstation", "unblock", "058091-PC-0001");
        assertEquals(1, unblock.exitCode(), "unblock of an active certificate is refused: " + unblock.output());
        assertEquals(beforeUnblock, auditEntries(home), "the refused unblock wrote nothing");
        assertEquals(0, sigillo(home, "workstation", "block", "058091-PC-0001").exitCode());
        ChildJvm.Result list = sigillo(home, "--json", "workstation", "list", "--ente", "058091", "--state", "BLOCCATO");
        assertEquals(0, list.exitCode(), list.output());
        Matcher blockedPc = Pattern.compile("\\{\"code\":\"058091-PC-0001\",\"kind\":\"WORKSTATION\",\"ente\":\"058091\","
                + "\"state\":\"BLOCCATO\",\"serial\":\"([0-9a-fA-F]+)\"").matcher(list.output());
        assertTrue(blockedPc.find(), "058091-PC-0001 itself is listed BLOCCATO: " + list.output());
        assertEquals(0, sigillo(home, "crl", "reissue", "--ca", "workstation").exitCode());
        assertTrue(Files.exists(home.resolve("crl/workstation.crl")));
        X509CRL published = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(Files.readAllBytes(home.resolve("crl/workstation.crl"))));
        X509Certificate workstationCa = certificate(Files.readAllBytes(home.resolve("ca/workstation-ca.pem")));
        published.verify(workstationCa.getPublicKey());
        X509CRLEntry held = published.getRevokedCertificate(new java.math.BigInteger(blockedPc.group(1), 16));
        assertTrue(held != null && held.getRevocationReason() == CRLReason.CERTIFICATE_HOLD,
                "the reissued CRL holds the blocked PC-0001: " + published);
        assertTrue(posix(home.resolve("crl/workstation.crl")).contains(PosixFilePermission.OTHERS_READ),
                "a CRL is public: the web server's user reads it");
        ChildJvm.Result enti = sigillo(home, "ente", "list");
        assertEquals(0, enti.exitCode(), enti.output());
        assertTrue(enti.output().contains("058091") && enti.output().contains("Roma Capitale"), "ente list prints: " + enti.output());
        assertEquals(1, enti.output().lines().filter(l -> l.contains("058091")).count(),
                "the refused second ente add stored nothing: " + enti.output());

        // Exports: owner-only files; a --out in a folder that is not there is bad input, named.
        ChildJvm.Result unblocked = sigillo(home, "workstation", "unblock", "058091-PC-0001");
        assertEquals(0, unblocked.exitCode(), "only an active certificate is exported: " + unblocked.output());
        long auditedBefore = auditEntries(home);
        ChildJvm.Result badOut = sigillo(home, "workstation", "export", "058091-PC-0001", "--out", dir.resolve("nowhere/pc.p12").toString());
        assertEquals(2, badOut.exitCode(), badOut.output());
        assertTrue(badOut.output().contains("no such file or directory: " + dir.resolve("nowhere")), badOut.output());
        assertEquals(auditedBefore, auditEntries(home), "an export that could not be written is not audited");
        Path p12 = dir.resolve("pc.p12");
        ChildJvm.Result exported = sigillo(home, "workstation", "export", "058091-PC-0001", "--out", p12.toString());
        assertEquals(0, exported.exitCode(), exported.output());
        Matcher pw = Pattern.compile("installation password \\(shown once\\): (\\S+)").matcher(exported.output());
        assertTrue(pw.find(), exported.output());
        assertIsPc0001(Files.readAllBytes(p12), pw.group(1), workstationCa);
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), posix(p12),
                "a PKCS#12 with its key is the owner's alone");
        Path zip = dir.resolve("roma.zip");
        assertEquals(0, sigillo(home, "workstation", "export-all", "--ente", "058091", "--out", zip.toString()).exitCode());
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), posix(zip),
                "the ZIP holds the keys and their passwords");
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertEquals(Set.of("058091-PC-0001.p12", "passwords.txt"), entries.keySet(),
                "the one active certificate (CO-9999 is blocked) and the passwords");
        String passwords = new String(entries.get("passwords.txt"), StandardCharsets.UTF_8);
        Matcher zipPw = Pattern.compile("(?m)^058091-PC-0001;(\\S+)$").matcher(passwords);
        assertTrue(zipPw.find(), "the password line of PC-0001");
        assertIsPc0001(entries.get("058091-PC-0001.p12"), zipPw.group(1), workstationCa);
        assertEquals(0, sigillo(home, "workstation", "block", "058091-PC-0001").exitCode());

        // A home whose database went missing is refused, and its published CRL left alone.
        byte[] crlBefore = Files.readAllBytes(home.resolve("crl/workstation.crl"));
        Files.move(home.resolve("db"), dir.resolve("db-away"));
        ChildJvm.Result noDb = sigillo(home, "crl", "reissue", "--ca", "workstation");
        assertEquals(3, noDb.exitCode(), noDb.output());
        assertTrue(noDb.output().contains("is missing"), noDb.output());
        assertArrayEquals(crlBefore, Files.readAllBytes(home.resolve("crl/workstation.crl")));
        assertFalse(Files.exists(home.resolve("db")), "nothing was created");
        Files.move(dir.resolve("db-away"), home.resolve("db"));
        ChildJvm.Result audit = sigillo(home, "audit", "verify");
        assertEquals(0, audit.exitCode(), audit.output());
        Matcher head = Pattern.compile("checkpoint (\\d+):([0-9a-f]{64})").matcher(audit.output());
        assertTrue(head.find(), "verify prints the head to keep outside: " + audit.output());
        String checkpoint = head.group(1) + ":" + head.group(2);
        ChildJvm.Result user = sigillo(home, "user", "add", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--name", "Mario",
                "--surname", "Rossi", "--email", "mario.rossi@comune.roma.it", "--profiles", "ALS,ALP");
        assertEquals(0, user.exitCode(), user.output());
        ChildJvm.Result again = sigillo(home, "user", "add", "--ente", "058091", "--cf", "RSSMRA85T10A562S", "--name", "Mario",
                "--surname", "Rossi", "--email", "mario.rossi@comune.roma.it", "--profiles", "ALS");
        assertEquals(1, again.exitCode(), again.output());
        assertTrue(again.output().contains("USER_EXISTS"), again.output());
        ChildJvm.Result asc = sigillo(home, "user", "add", "--ente", "058091", "--cf", "BNCLRA90A41H501F", "--name", "Laura",
                "--surname", "Bianchi", "--email", "laura@comune.roma.it", "--profiles", "ASC,ALS");
        assertEquals(2, asc.exitCode(), "ASC excludes every other profile: " + asc.output());
        ChildJvm.Result users = sigillo(home, "--json", "user", "list", "--ente", "058091");
        assertEquals(0, users.exitCode(), users.output());
        assertTrue(users.output().contains("\"profiles\":\"ALS;ALP\"") && !users.output().contains("BNCLRA90A41H501F"), users.output());
        ChildJvm.Result modified = sigillo(home, "--json", "user", "modify", "RSSMRA85T10A562S", "--ente", "058091", "--profiles", "ALP");
        assertEquals(0, modified.exitCode(), modified.output());
        assertTrue(modified.output().contains("\"profiles\":\"ALP\"") && modified.output().contains("\"email\":\"mario.rossi@comune.roma.it\""),
                "the profiles change, the e-mail not given is kept: " + modified.output());
        ChildJvm.Result unknown = sigillo(home, "user", "modify", "BNCLRA90A41H501F", "--ente", "058091", "--profiles", "ALP");
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("UNKNOWN_USER"), unknown.output());
        ChildJvm.Result compact = sigillo(home, "--json", "db", "compact");
        assertEquals(0, compact.exitCode(), compact.output());
        assertTrue(compact.output().contains("\"bytesAfter\":"), compact.output());
        ChildJvm.Result afterCompact = sigillo(home, "audit", "verify");
        assertEquals(0, afterCompact.exitCode(), "the compacted store opens and its audit chain is intact: " + afterCompact.output());
        ChildJvm.Result through = sigillo(home, "audit", "verify", "--checkpoint", checkpoint);
        assertEquals(0, through.exitCode(), through.output());
        assertTrue(through.output().contains("through checkpoint " + head.group(1)), through.output());
        String elsewhere = head.group(1) + ":" + (head.group(2).charAt(0) == '0' ? "1" : "0") + head.group(2).substring(1);
        ChildJvm.Result mismatch = sigillo(home, "audit", "verify", "--checkpoint", elsewhere);
        assertEquals(1, mismatch.exitCode(), mismatch.output());
        assertTrue(mismatch.output().contains("CHECKPOINT_MISMATCH"), mismatch.output());
        ChildJvm.Result malformed = sigillo(home, "audit", "verify", "--checkpoint", "12:xyz");
        assertEquals(2, malformed.exitCode(), malformed.output());
        assertTrue(malformed.output().contains("is not SEQ:HASH") || malformed.output().contains("64 lowercase"), malformed.output());
        assertEquals(2, sigillo(dir.resolve("demo-home"), "demo", "--hsm", "bogus").exitCode(), "an --hsm the demo does not know");

        // A failed init leaves nothing that stops the next one (it left a key store a second init refused).
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("ca/root.pem")); // init cannot write its root certificate there
        assertEquals(3, sigillo(other, "init", "--hsm", "software").exitCode());
        Files.delete(other.resolve("ca/root.pem"));
        ChildJvm.Result retried = sigillo(other, "init", "--hsm", "software");
        assertEquals(0, retried.exitCode(), retried.output());
        ChildJvm.Result help = sigillo(home, "workstation", "export", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("Example:"), help.output());
    }

    private static X509Certificate certificate(byte[] pemOrDer) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    /**
     * Opens a PKCS#12 with its installation password: one key entry, the certificate of
     * 058091-PC-0001 signed by the workstation CA, and a private key that signs for its public key.
     */
    private static void assertIsPc0001(byte[] pkcs12, String password, X509Certificate workstationCa) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ByteArrayInputStream(pkcs12)) {
            ks.load(in, password.toCharArray());
        }
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        assertEquals(1, keys.size(), "one key entry: " + keys);
        X509Certificate cert = (X509Certificate) ks.getCertificate(keys.get(0));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=058091-PC-0001"), cert.getSubjectX500Principal().getName());
        cert.verify(workstationCa.getPublicKey());
        PrivateKey key = (PrivateKey) ks.getKey(keys.get(0), password.toCharArray());
        String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        Signature signer = Signature.getInstance(alg);
        signer.initSign(key);
        signer.update("sigillo".getBytes(StandardCharsets.UTF_8));
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance(alg);
        verifier.initVerify(cert.getPublicKey());
        verifier.update("sigillo".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(sig), "the exported key is the certificate's");
    }

    /** The audit log's entry count, as {@code audit verify} prints it. */
    private static long auditEntries(Path home) {
        ChildJvm.Result verify = sigillo(home, "audit", "verify");
        Matcher m = Pattern.compile("intact: (\\d+) entries").matcher(verify.output());
        assertTrue(verify.exitCode() == 0 && m.find(), verify.output());
        return Long.parseLong(m.group(1));
    }
}
