package org.sigillo.cli;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.engine.Actor;
import org.sigillo.engine.BatchReport;
import org.sigillo.engine.CardRecord;
import org.sigillo.engine.CardRequestReason;
import org.sigillo.engine.CardRequested;
import org.sigillo.engine.CertificateRecord;
import org.sigillo.engine.Crls;
import org.sigillo.engine.Export;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.SignatureAlgorithm;
import org.sigillo.hsm.VaultKey;
import org.sigillo.lifecycle.CardState;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.ocsp.HierarchyResponder;
import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspHttpServer;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.Environment;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditVerification;
import org.sigillo.validation.CheckResult;
import org.sigillo.validation.DualCheckValidator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: a fresh home, an ente and its census, batch issuance, export, block, unblock,
 * cancel, CRLs, the OCSP responder asked over HTTP about a good, a blocked and a revoked
 * certificate, smart cards certified from their own CSRs, dual checks accepted and refused, a
 * new card replacing an old one, and the audit chain, each step printed. The people side of the
 * dual check (registrations, current cards, user states) is held in an
 * engine's own people registry (users from the census, delivered cards). Everything stays in the home for
 * inspection with OpenSSL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Runs the main job in a fresh home.",
        footer = {"", "Example:", "  ./sigillo --home ./sigillo-demo demo"})
final class DemoCommand extends Commands.Base {
    /** The census the demo imports (the same format as testdata/census). */
    static final String CENSUS = """
            # Demo census of Roma Capitale
            ente,058091,Roma Capitale
            workstations,3
            workstation,Anagrafe sportello 1
            workstation,Stato civile 2
            workstation,Ufficio elettorale
            codice_fiscale,nome,cognome,email,pec,profili,ambienti
            RSSMRA85T10A562S,Mario,Rossi,mario.rossi@comune.roma.it,,ASC,PRODUZIONE
            BNCLRA90A41H501F,Laura,Bianchi,laura.bianchi@comune.roma.it,,ALS;ALP,PRODUZIONE;PRESUBENTRO
            """;

    @Option(names = "--hsm", defaultValue = "softhsm", description = "softhsm (default) or software")
    String hsm;

    private void step(String text) {
        out().println("==> " + text);
        out().flush();
    }

    private void say(String text) {
        out().println("    " + text);
        out().flush();
    }

    @Override
    int execute(Home home) throws Exception {
        long started = System.nanoTime();
        if (!hsm.equals("softhsm") && !hsm.equals("software")) {
            throw new IllegalArgumentException("--hsm must be softhsm or software, was: " + hsm);
        }
        if (main().json) {
            throw new IllegalArgumentException("the demo narrates for a person and has no --json output; run it without --json");
        }
        if (home.initialised()) {
            throw new IllegalArgumentException("the demo needs a fresh home, and " + home.dir() + " is in use: pass another --home");
        }
        step("1. Creating the CA hierarchy in " + ("software".equals(hsm) ? "a SOFTWARE key store (development)" : "a SoftHSM2 token")
                + " under " + home.dir());
        boolean software = "software".equals(hsm);
        home.init(software ? Home.HsmKind.SOFTWARE : Home.HsmKind.SOFTHSM, KeySpec.EC_P256, main().clock,
                software ? List.of() : List.of(CARD_TOKEN));
        Sigillo e = engine(home);
        say("root: " + e.ca().root().getSubjectX500Principal());
        say("issuing: " + e.ca().workstationCa().certificate().getSubjectX500Principal() + ", "
                + e.ca().smartCardCa().certificate().getSubjectX500Principal());
        say("CA certificates written to " + home.caDir());

        step("2. Importing the census of Roma Capitale (all or nothing)");
        Census census = new CensusCsvParser().parse(CENSUS);
        List<String> queued = e.importCensus(census);
        say("queued " + queued + "; " + census.users().size() + " users validated");

        step("2b. Smart cards: each key made on the card (" + (software ? "software keys, --hsm software" : "SoftHSM2 token "
                + CARD_TOKEN) + "), which signs a PKCS#10 request (proof of possession)");
        Cards cards = new Cards(software ? null : SoftHsmProvisioner.open(home.pinFile(), CARD_TOKEN));
        String rossiCard = requestCard(e, home, ROSSI, cards.csr("rossi-1"), CardRequestReason.FIRST);
        String bianchiCard = requestCard(e, home, BIANCHI, cards.csr("bianchi-1"), CardRequestReason.FIRST);
        say("card " + rossiCard + " for " + ROSSI + ", card " + bianchiCard + " for " + BIANCHI
                + " (envelope halves of PIN/PUK in " + home.envelopeDir() + ")");

        step("3. Batch issuance (workstation and server keys generated in software, every certificate signed in the HSM)");
        BatchReport report = e.batch().run();
        for (String code : report.issued()) {
            CertificateRecord r = e.certificates().require(code);
            say(code + "  serial " + r.serialHex().orElseThrow() + "  valid until " + r.notAfter().orElseThrow());
            Pem.write(home.dir().resolve("ca").resolve(code + ".pem"), r.certificate());
        }
        step("3b. Cards: the Prefettura hands them over (the mayor's card is delivered with it), the ALS registers the other"
                + " deliveries (the second PIN/PUK halves are mailed)");
        for (CardRecord c : e.cards().handOver(Actor.operator(), ROMA)) {
            say(c.number() + " -> " + c.state());
        }
        for (String number : List.of(rossiCard, bianchiCard)) {
            if (e.cards().find(number).orElseThrow().state() == CardState.CONSEGNATA_DALLA_PREFETTURA) {
                say(number + " -> " + e.cards().deliver(Actor.operator(), number).state());
            }
        }
        say("mails (.eml) written to " + home.mailDir());
        String pc1 = "058091-PC-0001";
        String pc2 = "058091-PC-0002";
        String pc3 = "058091-PC-0003";

        step("4. Export of " + pc1 + " as PKCS#12 (AES-256, PBKDF2-SHA256)");
        Path exportDir = Files.createDirectories(home.dir().resolve("export"));
        Path p12 = exportDir.resolve(pc1 + ".p12");
        Export x;
        try (PrivateFiles.Staged staged = new PrivateFiles.Staged(p12)) { // as `workstation export` writes it
            x = e.workstations().exportWithPrivateKey(pc1, Pkcs12Encryption.MODERN, made -> staged.write(made.pkcs12()));
            staged.publish();
        }
        say("wrote " + p12 + "; installation password (shown once): " + new String(x.password().reveal()));
        x.destroy();
        e.workstations().registerPc(pc1, "00:1A:2B:3C:4D:5E", "ANAGRAFE01");
        say("register: " + pc1 + " is PC ANAGRAFE01 (00:1A:2B:3C:4D:5E)");

        step("5. Lifecycle: block and unblock " + pc1 + ", block " + pc2 + ", cancel " + pc3);
        say(pc1 + " -> " + e.certificates().block(pc1).state());
        say(pc1 + " -> " + e.certificates().unblock(pc1).state());
        say(pc2 + " -> " + e.certificates().block(pc2).state());
        say(pc3 + " -> " + e.certificates().cancel(pc3, RevocationReason.KEY_COMPROMISE, Optional.empty()).state());
        try {
            e.certificates().unblock(pc1);
        } catch (IllegalTransitionException refused) {
            say("refused, nothing changed: " + refused.getMessage());
        }

        step("6. CRL reissue (full, then delta)");
        for (PublishedCrl p : e.crls().reissueAll(false)) {
            say("full CRL " + p.der() + " (" + p.derLength() + " bytes)");
        }
        say(pc3 + " -> " + e.certificates().require(pc3).state() + " (its revocation is published)");
        PublishedCrl delta = e.crls().reissue(Crls.Series.WORKSTATION, true);
        say("delta CRL " + delta.der());

        step("7. OCSP responder on 127.0.0.1, asked over HTTP");
        var responder = HierarchyResponder.of(e.ca(), e.status(), main().clock, Duration.ofHours(1));
        try (OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                new OcspHttpHandler(responder, main().clock), 2)) {
            say("listening at " + server.url());
            X509Certificate issuer = e.ca().workstationCa().certificate();
            for (String code : List.of(pc1, pc2, pc3)) {
                say(code + ": " + askOcsp(server.url(), issuer, e.certificates().require(code).serial().orElseThrow()));
            }
            say("unknown serial 42: " + askOcsp(server.url(), issuer, BigInteger.valueOf(42)));
        }

        step("8. Dual checks (workstation certificate + smart-card certificate)");
        DualCheckValidator validator = e.dualCheckValidator();
        byte[] ws1 = der(e, pc1);
        check(validator, "PC-0001 + Rossi's card, PRODUZIONE", ws1, der(e, rossiCard), Environment.PRODUZIONE);
        check(validator, "PC-0001 + Bianchi's card, PRESUBENTRO", ws1, der(e, bianchiCard), Environment.PRESUBENTRO);
        check(validator, "PC-0001 + Rossi's card, PRESUBENTRO", ws1, der(e, rossiCard), Environment.PRESUBENTRO);
        check(validator, "PC-0002 (blocked) + Rossi's card", der(e, pc2), der(e, rossiCard), Environment.PRODUZIONE);
        check(validator, "PC-0003 (cancelled) + Rossi's card", der(e, pc3), der(e, rossiCard), Environment.PRODUZIONE);
        check(validator, "CO-9999 (server) in the workstation slot", der(e, "058091-CO-9999"), der(e, rossiCard), Environment.PRODUZIONE);
        check(validator, "Rossi's card in the workstation slot", der(e, rossiCard), der(e, rossiCard), Environment.PRODUZIONE);
        check(validator, "PC-0001 in the card slot", ws1, ws1, Environment.PRODUZIONE);
        check(validator, "garbage bytes in the card slot", ws1, new byte[] {0x30, 0x03, 0x02, 0x01}, Environment.PRODUZIONE);
        e.users().block(Actor.operator(), ROMA, BIANCHI);
        check(validator, "Bianchi blocked as a user", ws1, der(e, bianchiCard), Environment.PRODUZIONE);
        e.users().unblock(Actor.operator(), ROMA, BIANCHI);
        e.cards().block(Actor.operator(), bianchiCard);
        check(validator, "Bianchi's card blocked", ws1, der(e, bianchiCard), Environment.PRODUZIONE);
        e.cards().unblock(Actor.operator(), bianchiCard);
        check(validator, "Bianchi's card unblocked", ws1, der(e, bianchiCard), Environment.PRODUZIONE);

        step("9. A new card replaces Rossi's old one");
        String rossiNew = requestCard(e, home, ROSSI, cards.csr("rossi-2"), CardRequestReason.MALFUNCTION);
        say("requested " + rossiNew + "; " + rossiCard + " -> " + e.cards().find(rossiCard).orElseThrow().state()
                + " (superseded, in the same transaction)");
        check(validator, "old card " + rossiCard + ", revoked as superseded", ws1, der(e, rossiCard), Environment.PRODUZIONE);
        e.batch().run();
        check(validator, "new card " + rossiNew + ", issued but not yet delivered", ws1, der(e, rossiNew), Environment.PRODUZIONE);
        e.cards().handOver(Actor.operator(), ROMA); // the mayor's card: delivered with the hand-over (guide 000)
        if (e.cards().find(rossiNew).orElseThrow().state() == CardState.CONSEGNATA_DALLA_PREFETTURA) {
            e.cards().deliver(Actor.operator(), rossiNew);
        }
        check(validator, "new card " + rossiNew + ", delivered", ws1, der(e, rossiNew), Environment.PRODUZIONE);
        e.crls().reissue(Crls.Series.SMARTCARD, false);
        say("smart-card CRL reissued: " + home.crlDir().resolve("smartcard.crl"));
        cards.close();

        step("10. Audit chain");
        AuditVerification v = e.verifyAudit();
        say(v instanceof AuditVerification.Intact ok ? "intact, " + ok.count() + " entries" : "BROKEN: " + v);

        step("Done in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms. Inspect with OpenSSL, e.g.:");
        Path ca = home.caDir();
        say("openssl verify -CAfile " + ca.resolve("root.pem") + " -untrusted " + ca.resolve("workstation-ca.pem") + " "
                + ca.resolve(pc1 + ".pem"));
        say("openssl crl -in " + home.crlDir().resolve("workstation.pem") + " -text -noout");
        say("openssl pkcs12 -info -in " + p12 + " -noout");
        return 0;
    }

    /** Requests a card for a registered person; the envelope halves go to {@code DIR/envelopes/}. */
    private static String requestCard(Sigillo e, Home home, CodiceFiscale cf, byte[] csr, CardRequestReason why) throws Exception {
        CardRequested r = e.cards().request(Actor.operator(), ROMA, cf, csr, why);
        try {
            PeopleCommands.writeEnvelope(home, r);
            return r.number();
        } finally {
            r.destroy();
        }
    }

    static final String CARD_TOKEN = "demo-card";
    private static final IstatCode ROMA = IstatCode.parse("058091");
    private static final CodiceFiscale ROSSI = CodiceFiscale.parse("RSSMRA85T10A562S");
    private static final CodiceFiscale BIANCHI = CodiceFiscale.parse("BNCLRA90A41H501F");

    private static byte[] der(Sigillo e, String code) throws Exception {
        return e.certificates().require(code).certificate().getEncoded();
    }

    private void check(DualCheckValidator v, String what, byte[] ws, byte[] card, Environment env) {
        CheckResult r = v.check(ws, card, env);
        if (r instanceof CheckResult.Accepted a) {
            say(String.format("%-48s ACCEPTED  %s %s %s %s %s", what, a.principal().ente(), a.principal().workstationCode(),
                    a.principal().codiceFiscale(), a.principal().profiles().asSet(), a.principal().environment()));
        } else {
            CheckResult.Refused f = (CheckResult.Refused) r;
            say(String.format("%-48s REFUSED   %s (%s slot)", what, f.reason(), f.slot()));
        }
    }

    /** The simulated smart cards: keys in a SoftHSM2 token (or in software with --hsm software). */
    private static final class Cards implements AutoCloseable {
        private final KeyVault token;

        Cards(KeyVault token) {
            this.token = token;
        }

        byte[] csr(String label) throws Exception {
            X500Name subject = new X500Name("CN=" + label);
            if (token == null) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(256);
                KeyPair kp = g.generateKeyPair();
                return new JcaPKCS10CertificationRequestBuilder(subject, kp.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))
                        .getEncoded();
            }
            VaultKey key = token.generate(label, KeySpec.EC_P256);
            return new PKCS10CertificationRequestBuilder(subject,
                    SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()))
                    .build(token.signerPool(label, SignatureAlgorithm.SHA256_WITH_ECDSA).contentSigner()).getEncoded();
        }

        @Override
        public void close() {
            if (token != null) {
                token.close();
            }
        }
    }

    private static String askOcsp(String url, X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        byte[] req = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        OCSPResp ocsp = new OCSPResp(resp.body());
        if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
            return "OCSP error status " + ocsp.getStatus();
        }
        SingleResp single = ((BasicOCSPResp) ocsp.getResponseObject()).getResponses()[0];
        CertificateStatus status = single.getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return "good";
        }
        if (status instanceof RevokedStatus r) {
            return "revoked (" + (r.hasRevocationReason() ? RevocationReason.fromCode(r.getRevocationReason()) : "no reason")
                    + ", since " + r.getRevocationTime().toInstant() + ")";
        }
        return "unknown";
    }

}
