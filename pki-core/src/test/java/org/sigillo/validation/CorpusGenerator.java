package org.sigillo.validation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Writes the negative corpus of the dual check into {@code testdata/validation/}: the two trust
 * anchors, one certificate file (or byte file) per refusal and {@code corpus.properties}
 * naming, for every case, the pair, the environment, the check instant, the live-state setup
 * and the expected reason and slot. Run once; the files are committed.
 * {@link NegativeCorpusTest} runs it when the manifest is missing.
 */
public final class CorpusGenerator {
    static final String CLOCK = "2026-06-01T00:00:00Z";
    static final String CF = "RSSMRA85T10A562S";

    private CorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        generate(Path.of(args.length > 0 ? args[0] : "testdata/validation"));
    }

    static void generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2028-01-01T00:00:00Z");
        TestPki pki = new TestPki(TestPki.Algorithm.EC_P256, from, to);
        TestPki sameNames = new TestPki(TestPki.Algorithm.EC_P256, from, to);
        TestPki foreign = new TestPki(TestPki.Algorithm.EC_P256, "Another Authority", from, to);
        KeyPair cardKey = TestPki.ecKeyPair();
        KeyPurposeId[] client = {KeyPurposeId.id_kp_clientAuth};
        KeyPurposeId[] cardEku = {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection};

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ws-ca.der", pki.workstationCa.der);
        files.put("card-ca.der", pki.smartCardCa.der);
        byte[] ws = pki.workstation("058091", 1, null).der();
        byte[] card = pki.card(CF, "Mario", "Rossi", cardKey).der();
        files.put("ws-ok.der", ws);
        files.put("card-ok.der", card);
        files.put("card-old.der", pki.card(CF, "Mario", "Rossi", null).der());
        files.put("ws-truncated.der", Arrays.copyOf(ws, ws.length / 2));
        byte[] garbage = new byte[317];
        new Random(7).nextBytes(garbage);
        files.put("card-garbage.bin", garbage);
        files.put("empty.bin", new byte[0]);
        byte[] tampered = ws.clone();
        tampered[tampered.length - 5] ^= 0x40;
        files.put("ws-tampered-signature.der", tampered);
        byte[] forgedTbs = ws.clone();
        int at = DualCheckValidatorTest.indexOf(forgedTbs, "058091-PC-0001".getBytes(StandardCharsets.US_ASCII));
        forgedTbs[at + 13] = '7'; // 058091-PC-0007 with the signature of -0001
        files.put("ws-forged-tbs.der", forgedTbs);
        files.put("ws-foreign-issuer-same-name.der", sameNames.workstation("058091", 1, null).der());
        files.put("card-foreign-issuer.der", foreign.card(CF, "Mario", "Rossi", null).der());
        files.put("ws-server-co.der", pki.server("058091", 9999, null).der());
        files.put("ws-expired.der", pki.issue(pki.workstationCa, TestPki.workstationName("058091", "PC", 2), null,
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), client,
                pki.nextSerial()).der());
        files.put("ws-not-yet-valid.der", pki.issue(pki.workstationCa, TestPki.workstationName("058091", "PC", 3), null,
                Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2028-07-01T00:00:00Z"), client,
                pki.nextSerial()).der());
        files.put("card-expired.der", pki.issue(pki.smartCardCa, TestPki.cardName(CF, "Mario", "Rossi"), null,
                Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), cardEku,
                pki.nextSerial()).der());
        files.put("card-bad-cf.der", pki.card("RSSMRA85T10A562T", "Mario", "Rossi", null).der());
        byte[] challenge = "sigillo login challenge 2026-06-01T00:00:00Z #1".getBytes(StandardCharsets.US_ASCII);
        files.put("pop-challenge.bin", challenge);
        files.put("pop-good-signature.bin", TestPki.signChallenge(cardKey, challenge));
        files.put("pop-wrong-key-signature.bin", TestPki.signChallenge(TestPki.ecKeyPair(), challenge));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }

        try (Writer w = Files.newBufferedWriter(dir.resolve("corpus.properties"), StandardCharsets.UTF_8)) {
            w.write(String.join("\n",
                    "# Negative corpus of the dual check (written by org.sigillo.validation.CorpusGenerator).",
                    "# Trust anchors: the workstation-and-server CA and the smart-card CA (EC P-256).",
                    "anchor.workstation=ws-ca.der",
                    "anchor.card=card-ca.der",
                    "# Default clock of every case (case.<name>.at overrides it).",
                    "clock=" + CLOCK,
                    "# Default live state, applied before every case: these certificates are issued",
                    "# (status GOOD under the CA named by their AKI); person " + CF + " is ATTIVO, has",
                    "# card-ok.der as current card, and an active registration in ente 058091 with",
                    "# profiles CONSULTAZIONE for environment PRODUZIONE only.",
                    "live.issued=ws-ok.der,card-ok.der,card-old.der,ws-server-co.der,ws-expired.der,"
                            + "ws-not-yet-valid.der,card-expired.der,card-bad-cf.der",
                    "live.cf=" + CF,
                    "live.currentCard=card-ok.der",
                    "live.ente=058091",
                    "live.profiles=CONSULTAZIONE",
                    "live.environments=PRODUZIONE",
                    "# Cases: workstation and card files, environment, optional proof (challenge and",
                    "# signature files), optional live-state setup applied on top of the default",
                    "# (see NegativeCorpusTest.Setup), expected result (ACCEPTED or a RefusalReason) and slot.",
                    ""));
            caseLine(w, "accepted", "ws-ok.der", "card-ok.der", "PRODUZIONE", null, "ACCEPTED", null);
            caseLine(w, "accepted-with-proof", "ws-ok.der", "card-ok.der", "PRODUZIONE", null, "ACCEPTED", null);
            w.write("case.accepted-with-proof.challenge=pop-challenge.bin\ncase.accepted-with-proof.signature=pop-good-signature.bin\n");
            caseLine(w, "ws-truncated", "ws-truncated.der", "card-ok.der", "PRODUZIONE", null, "MALFORMED_INPUT", "WORKSTATION");
            caseLine(w, "ws-empty", "empty.bin", "card-ok.der", "PRODUZIONE", null, "MALFORMED_INPUT", "WORKSTATION");
            caseLine(w, "card-garbage", "ws-ok.der", "card-garbage.bin", "PRODUZIONE", null, "MALFORMED_INPUT", "CARD");
            caseLine(w, "ws-tampered-signature", "ws-tampered-signature.der", "card-ok.der", "PRODUZIONE", null,
                    "UNKNOWN_ISSUER_OR_BAD_SIGNATURE", "WORKSTATION");
            caseLine(w, "ws-forged-tbs", "ws-forged-tbs.der", "card-ok.der", "PRODUZIONE", null,
                    "UNKNOWN_ISSUER_OR_BAD_SIGNATURE", "WORKSTATION");
            caseLine(w, "ws-foreign-issuer-same-name", "ws-foreign-issuer-same-name.der", "card-ok.der", "PRODUZIONE",
                    null, "UNKNOWN_ISSUER_OR_BAD_SIGNATURE", "WORKSTATION");
            caseLine(w, "card-foreign-issuer", "ws-ok.der", "card-foreign-issuer.der", "PRODUZIONE", null,
                    "UNKNOWN_ISSUER_OR_BAD_SIGNATURE", "CARD");
            caseLine(w, "server-co-in-workstation-slot", "ws-server-co.der", "card-ok.der", "PRODUZIONE", null,
                    "WRONG_KIND", "WORKSTATION");
            caseLine(w, "card-in-workstation-slot", "card-ok.der", "card-ok.der", "PRODUZIONE", null,
                    "WRONG_KIND", "WORKSTATION");
            caseLine(w, "ca-in-workstation-slot", "ws-ca.der", "card-ok.der", "PRODUZIONE", null,
                    "WRONG_KIND", "WORKSTATION");
            caseLine(w, "workstation-in-card-slot", "ws-ok.der", "ws-ok.der", "PRODUZIONE", null, "WRONG_KIND", "CARD");
            caseLine(w, "server-co-in-card-slot", "ws-ok.der", "ws-server-co.der", "PRODUZIONE", null, "WRONG_KIND", "CARD");
            caseLine(w, "ws-expired", "ws-expired.der", "card-ok.der", "PRODUZIONE", null, "EXPIRED", "WORKSTATION");
            caseLine(w, "ws-not-yet-valid", "ws-not-yet-valid.der", "card-ok.der", "PRODUZIONE", null,
                    "NOT_YET_VALID", "WORKSTATION");
            caseLine(w, "card-expired", "ws-ok.der", "card-expired.der", "PRODUZIONE", null, "EXPIRED", "CARD");
            caseLine(w, "pair-after-expiry", "ws-ok.der", "card-ok.der", "PRODUZIONE", null, "EXPIRED", "WORKSTATION");
            w.write("case.pair-after-expiry.at=2028-01-01T00:00:01Z\n");
            caseLine(w, "pair-before-validity", "ws-ok.der", "card-ok.der", "PRODUZIONE", null, "NOT_YET_VALID", "WORKSTATION");
            w.write("case.pair-before-validity.at=2025-12-31T23:59:59Z\n");
            caseLine(w, "card-bad-cf-check-letter", "ws-ok.der", "card-bad-cf.der", "PRODUZIONE", null, "INVALID_CF", "CARD");
            caseLine(w, "card-not-current", "ws-ok.der", "card-old.der", "PRODUZIONE", null, "NOT_CURRENT_CARD", "CARD");
            caseLine(w, "environment-not-allowed", "ws-ok.der", "card-ok.der", "PRESUBENTRO", null,
                    "ENVIRONMENT_NOT_ALLOWED", "CARD");
            caseLine(w, "possession-wrong-key", "ws-ok.der", "card-ok.der", "PRODUZIONE", null,
                    "POSSESSION_PROOF_FAILED", "CARD");
            w.write("case.possession-wrong-key.challenge=pop-challenge.bin\ncase.possession-wrong-key.signature=pop-wrong-key-signature.bin\n");
            w.write("# Live-state cases: the files are valid, the setup makes the refusal.\n");
            caseLine(w, "ws-blocked", "ws-ok.der", "card-ok.der", "PRODUZIONE", "BLOCK_WORKSTATION", "BLOCKED", "WORKSTATION");
            caseLine(w, "ws-revoked", "ws-ok.der", "card-ok.der", "PRODUZIONE", "REVOKE_WORKSTATION", "REVOKED", "WORKSTATION");
            caseLine(w, "ws-status-unknown", "ws-ok.der", "card-ok.der", "PRODUZIONE", "FORGET_WORKSTATION_STATUS",
                    "STATUS_UNKNOWN", "WORKSTATION");
            caseLine(w, "card-blocked", "ws-ok.der", "card-ok.der", "PRODUZIONE", "BLOCK_CARD", "BLOCKED", "CARD");
            caseLine(w, "card-revoked", "ws-ok.der", "card-ok.der", "PRODUZIONE", "REVOKE_CARD", "REVOKED", "CARD");
            caseLine(w, "card-replaced", "ws-ok.der", "card-ok.der", "PRODUZIONE", "MAKE_OLD_CARD_CURRENT",
                    "NOT_CURRENT_CARD", "CARD");
            caseLine(w, "user-blocked", "ws-ok.der", "card-ok.der", "PRODUZIONE", "BLOCK_USER", "USER_BLOCKED", "CARD");
            caseLine(w, "no-registration", "ws-ok.der", "card-ok.der", "PRODUZIONE", "REMOVE_REGISTRATION",
                    "NO_REGISTRATION_IN_ENTE", "CARD");
            caseLine(w, "registration-inactive", "ws-ok.der", "card-ok.der", "PRODUZIONE", "DEACTIVATE_REGISTRATION",
                    "USER_BLOCKED", "CARD");
        }
    }

    private static void caseLine(Writer w, String name, String ws, String card, String env, String setup,
                                 String expect, String slot) throws IOException {
        String p = "case." + name + ".";
        StringBuilder sb = new StringBuilder();
        sb.append(p).append("workstation=").append(ws).append('\n');
        sb.append(p).append("card=").append(card).append('\n');
        sb.append(p).append("environment=").append(env).append('\n');
        if (setup != null) {
            sb.append(p).append("setup=").append(setup).append('\n');
        }
        sb.append(p).append("expect=").append(expect).append('\n');
        if (slot != null) {
            sb.append(p).append("slot=").append(slot).append('\n');
        }
        w.write(sb.toString());
    }
}
