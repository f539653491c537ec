package org.sigillo.engine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaSettings;
import org.sigillo.crl.PublishedCrl;
import org.sigillo.crl.RevocationReason;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.testing.SoftHsm;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.lifecycle.IllegalTransitionException;
import org.sigillo.profile.CertificateKind;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.Database;

/**
 * The engine as {@link CrashSafetyTest} runs it in a child JVM until it is killed: it opens the
 * store and the CA hierarchy left by the parent and the previous children, then loops
 * registering workstations, issuing them in a batch, blocking or cancelling some, and
 * reissuing the workstation CRL (full or delta).
 *
 * <p>Protocol on stdout, one flushed line per event: {@code PHASE p} before an engine call,
 * {@code END p} after it, and only <em>after</em> the call returned what left the engine:
 * {@code REQUESTED code}, {@code ISSUED code serialHex}, {@code REVOKED code serialHex BLOCK|CANCEL},
 * {@code CRL FULL|DELTA number}. Anything else (logs) goes to stderr.
 *
 * <p>Arguments: database directory, CRL directory, token label, ISTAT code of the ente, seed.
 * The token is opened from the inherited {@code SOFTHSM2_CONF}; this JVM never calls
 * {@link SoftHsm#get()}, which would wipe the shared tokens.
 */
public final class CrashChild {
    /** The label of the vault's sealing key (created by the parent before any child starts). */
    static final String KEK = "crash-kek";
    /** The key spec of the parent's hierarchy. */
    static final KeySpec CA_KEYS = KeySpec.EC_P256;

    private final PrintStream out;
    private final Sigillo engine;
    private final IstatCode ente;
    private final Random random;

    private CrashChild(PrintStream out, Sigillo engine, IstatCode ente, Random random) {
        this.out = out;
        this.engine = engine;
        this.ente = ente;
        this.random = random;
    }

    /** The engine settings every child (and the parent's set-up) uses: small chunks so a batch commits several times. */
    static EngineSettings settings(Path crlDirectory) {
        return new EngineSettings(Clock.systemUTC(), KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60), crlDirectory,
                2, 4, 1, "crash-child");
    }

    public static void main(String[] args) throws Exception {
        Path dbDir = Path.of(args[0]);
        Path crlDir = Path.of(args[1]);
        String token = args[2];
        IstatCode ente = IstatCode.parse(args[3]);
        long seed = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        String conf = System.getenv("SOFTHSM2_CONF");
        try (KeyVault vault = new SoftHsm.TestToken(token, Path.of(conf)).openVault();
             Database db = Database.openH2(dbDir)) {
            CaHierarchy ca = CaHierarchy.load(vault, CaSettings.builder().keySpec(CA_KEYS).build(), Clock.systemUTC());
            try (Sigillo engine = Sigillo.open(db, ca, vault.sealer(KEK), settings(crlDir))) {
                Files.createDirectories(crlDir);
                line(out, "READY");
                new CrashChild(out, engine, ente, new Random(seed)).loop();
            }
        }
    }

    private static void line(PrintStream out, String s) {
        out.println(s);
        out.flush();
    }

    private void line(String s) {
        line(out, s);
    }

    private void loop() throws Exception {
        while (true) {
            line("PHASE REGISTER");
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                String code = engine.workstations().register(ente, Optional.empty()).toString();
                line("REQUESTED " + code);
            }
            line("END REGISTER");

            line("PHASE BATCH");
            BatchReport report = engine.batch().run();
            line("END BATCH");
            for (String code : report.issued()) {
                BigInteger serial = engine.certificates().require(code).serial().orElseThrow();
                line("ISSUED " + code + " " + serial.toString(16));
            }

            List<CertificateRecord> active = engine.certificates().list(ente, Optional.of(CertificateKind.WORKSTATION),
                    Optional.empty()).stream()
                    .filter(r -> r.state() == CertificateState.ATTIVO || r.state() == CertificateState.BLOCCATO).toList();
            int revocations = Math.min(active.size(), 1 + random.nextInt(3));
            line("PHASE REVOKE");
            for (int i = 0; i < revocations; i++) {
                CertificateRecord r = active.get(random.nextInt(active.size()));
                boolean block = r.state() == CertificateState.ATTIVO && random.nextBoolean();
                CertificateRecord after;
                try {
                    after = block ? engine.certificates().block(r.code())
                            : engine.certificates().cancel(r.code(), RevocationReason.KEY_COMPROMISE, Optional.empty());
                } catch (IllegalTransitionException e) {
                    continue; // picked twice in this round: already cancelled
                }
                line("REVOKED " + after.code() + " " + after.serialHex().orElseThrow() + (block ? " BLOCK" : " CANCEL"));
            }
            line("END REVOKE");

            boolean delta = random.nextInt(3) == 0;
            line("PHASE CRL");
            PublishedCrl crl = engine.crls().reissue(Crls.Series.WORKSTATION, delta);
            line("END CRL");
            line("CRL " + (delta ? "DELTA " : "FULL ") + number(crl.der()));
        }
    }

    /** The CRL number of a CRL file. */
    static long number(Path der) throws IOException {
        X509CRLHolder h = new X509CRLHolder(Files.readAllBytes(der));
        return ASN1Integer.getInstance(h.getExtension(Extension.cRLNumber).getParsedValue()).getValue().longValueExact();
    }
}
