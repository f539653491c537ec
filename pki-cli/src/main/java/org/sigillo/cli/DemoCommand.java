package org.sigillo.cli;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.engine.BatchReport;
import org.sigillo.engine.CertificateRecord;
import org.sigillo.engine.Crls;
import org.sigillo.engine.Export;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.ocsp.HierarchyResponder;
import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspHttpServer;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.store.AuditVerification;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The main job: a fresh home, an ente and its census, batch issuance, export, block, unblock,
 * cancel, CRLs, the OCSP responder asked over HTTP about a good, a blocked and a revoked
 * certificate, and the audit chain, each step printed. Everything stays in the home for
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

    @ParentCommand
    Main main;

    @Option(names = "--hsm", defaultValue = "softhsm", description = "softhsm (default) or software")
    String hsm;

    @Override
    Main main() {
        return main;
    }

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
        if (home.initialised()) {
            throw new IllegalArgumentException("the demo needs a fresh home, and " + home.dir() + " is in use: pass another --home");
        }
        step("1. Creating the CA hierarchy in " + ("software".equals(hsm) ? "a SOFTWARE key store (development)" : "a SoftHSM2 token")
                + " under " + home.dir());
        home.init("software".equals(hsm) ? Home.HsmKind.SOFTWARE : Home.HsmKind.SOFTHSM, KeySpec.EC_P256, main.clock);
        Sigillo e = engine(home);
        say("root: " + e.ca().root().getSubjectX500Principal());
        say("issuing: " + e.ca().workstationCa().certificate().getSubjectX500Principal() + ", "
                + e.ca().smartCardCa().certificate().getSubjectX500Principal());
        say("CA certificates written to " + home.caDir());

        step("2. Importing the census of Roma Capitale (all or nothing)");
        Census census = new CensusCsvParser().parse(CENSUS);
        List<String> queued = e.importCensus(census);
        say("queued " + queued + "; " + census.users().size() + " users validated");

        step("3. Batch issuance (keys generated in software, signed in the HSM)");
        BatchReport report = e.batch().run();
        for (String code : report.issued()) {
            CertificateRecord r = e.certificates().require(code);
            say(code + "  serial " + r.serialHex().orElseThrow() + "  valid until " + r.notAfter().orElseThrow());
            Pem.write(home.dir().resolve("ca").resolve(code + ".pem"), r.certificate());
        }
        String pc1 = "058091-PC-0001";
        String pc2 = "058091-PC-0002";
        String pc3 = "058091-PC-0003";

        step("4. Export of " + pc1 + " as PKCS#12 (AES-256, PBKDF2-SHA256)");
        Path exportDir = Files.createDirectories(home.dir().resolve("export"));
        Export x = e.workstations().exportWithPrivateKey(pc1, Pkcs12Encryption.MODERN);
        Path p12 = exportDir.resolve(pc1 + ".p12");
        Files.write(p12, x.pkcs12());
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
        } catch (org.sigillo.lifecycle.IllegalTransitionException refused) {
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
        var responder = HierarchyResponder.of(e.ca(), e.status(), main.clock, Duration.ofHours(1));
        try (OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress("127.0.0.1", 0), "/ocsp",
                new OcspHttpHandler(responder, main.clock), 2)) {
            say("listening at " + server.url());
            X509Certificate issuer = e.ca().workstationCa().certificate();
            for (String code : List.of(pc1, pc2, pc3)) {
                say(code + ": " + askOcsp(server.url(), issuer, e.certificates().require(code).serial().orElseThrow()));
            }
            say("unknown serial 42: " + askOcsp(server.url(), issuer, BigInteger.valueOf(42)));
        }

        step("8. Audit chain");
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
