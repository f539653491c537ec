package org.sigillo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.ca.CaRole;
import org.sigillo.ca.CaSettings;
import org.sigillo.engine.EngineSettings;
import org.sigillo.engine.Mailer;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.store.Database;
import org.sigillo.store.StoreException;

/**
 * A Sigillo home folder: {@code sigillo.properties} (HSM kind, algorithm), {@code hsm/} (the
 * SoftHSM2 configuration, its tokens and the PIN file, or the development PKCS#12),
 * {@code db/} (the embedded H2 database), {@code ca/} (the CA certificates as PEM),
 * {@code crl/} (published CRLs), {@code mail/} (the mailer's .eml files) and {@code envelopes/}
 * (the envelope halves of card requests). Exports go where {@code --out} says.
 */
final class Home implements AutoCloseable {
    /** Where the CA keys live. */
    enum HsmKind {
        SOFTHSM,
        SOFTWARE
    }

    static final String KEK_LABEL = "sigillo-kek";

    private final Path dir;
    private KeyVault vault;
    private Database db;
    private Sigillo engine;

    Home(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The embedded database's folder. */
    Path dbDir() {
        return dir.resolve("db");
    }

    Path dir() {
        return dir;
    }

    Path caDir() {
        return dir.resolve("ca");
    }

    Path pinFile() {
        return dir.resolve("hsm/user.pin");
    }

    /** Where the engine writes its mail (.eml files of the PIN/PUK e-mail halves). */
    Path mailDir() {
        return dir.resolve("mail");
    }

    /** Where card requests write their envelope halves. */
    Path envelopeDir() {
        return dir.resolve("envelopes");
    }

    Path crlDir() {
        return dir.resolve("crl");
    }

    private Path properties() {
        return dir.resolve("sigillo.properties");
    }

    boolean initialised() {
        return Files.exists(properties());
    }

    /** Creates the token, the hierarchy and the database, and writes the CA certificates as PEM. */
    CaHierarchy init(HsmKind kind, KeySpec spec, Clock clock) {
        return init(kind, spec, clock, List.of());
    }

    /** As {@link #init(HsmKind, KeySpec, Clock)}, also making extra SoftHSM2 tokens (simulated cards). */
    CaHierarchy init(HsmKind kind, KeySpec spec, Clock clock, List<String> extraTokens) {
        if (initialised()) {
            throw new IllegalArgumentException(dir + " is already a Sigillo home (sigillo.properties exists); choose another --home");
        }
        List<Path> made = new ArrayList<>();
        for (Path p : List.of(dir.resolve("hsm"), caDir(), crlDir(), dbDir())) {
            if (!Files.exists(p)) {
                made.add(p);
            }
        }
        try {
            return create(kind, spec, clock, extraTokens);
        } catch (RuntimeException | Error e) {
            // a failed init leaves nothing behind: its token, key file and folders go, so init can run again
            // (it used to leave a token a second init could not open, and each retry added one)
            if (vault != null) {
                vault.close();
                vault = null;
            }
            for (Path p : made) {
                try {
                    deleteTree(p);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private CaHierarchy create(HsmKind kind, KeySpec spec, Clock clock, List<String> extraTokens) {
        try {
            Files.createDirectories(dir.resolve("hsm"));
            Files.createDirectories(caDir());
            Files.createDirectories(crlDir());
            if (kind == HsmKind.SOFTHSM) {
                char[] pin = SoftHsmProvisioner.provision(dir.resolve("hsm/softhsm2.conf"), dir.resolve("hsm/user.pin"));
                for (String label : extraTokens) {
                    SoftHsmProvisioner.provisionExtra(dir.resolve("hsm/softhsm2.conf"), label, pin);
                }
                Arrays.fill(pin, '\0');
            }
            Properties p = new Properties();
            p.setProperty("hsm", kind.name().toLowerCase());
            p.setProperty("algorithm", spec.name());
            vault = openVault(kind);
            CaHierarchy h = CaHierarchy.create(vault, caSettings(spec), clock);
            vault.sealer(KEK_LABEL);
            writePems(h);
            Database.openH2(dbDir()).close(); // the store exists once the home does: a later open never makes one
            try (OutputStream out = Files.newOutputStream(properties())) {
                p.store(out, "Sigillo home");
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the home " + dir, e);
        }
    }

    private static CaSettings caSettings(KeySpec spec) {
        return CaSettings.builder().keySpec(spec).build();
    }

    /**
     * Refuses a folder that {@code init} did not make (bad input, exit 2), for the commands that
     * work on the home's files without opening the engine.
     */
    void requireInitialised() {
        if (!initialised()) {
            throw new IllegalArgumentException(dir + " is not a Sigillo home: run 'sigillo --home " + dir + " init' first");
        }
    }

    private Properties load() {
        requireInitialised();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(properties())) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private KeyVault openVault(HsmKind kind) {
        if (kind == HsmKind.SOFTWARE) {
            return KeyVault.openSoftware(dir.resolve("hsm/software-keys.p12"), "sigillo-development".toCharArray());
        }
        return SoftHsmProvisioner.open(dir.resolve("hsm/user.pin"), SoftHsmProvisioner.TOKEN_LABEL);
    }

    /** Opens the engine over this home (vault, database, hierarchy). */
    Sigillo engine(Clock clock) {
        if (engine != null) {
            return engine;
        }
        Properties p = load();
        HsmKind kind = HsmKind.valueOf(p.getProperty("hsm").toUpperCase());
        KeySpec spec = KeySpec.valueOf(p.getProperty("algorithm"));
        if (vault == null) {
            vault = openVault(kind);
        }
        CaHierarchy h = CaHierarchy.load(vault, caSettings(spec), clock);
        Path store = dbDir().resolve("sigillo.mv.db");
        if (!Files.isRegularFile(store)) {
            // init made it: opening would make an empty one, and the next CRL would un-revoke everything
            throw new StoreException(StoreException.Kind.UNAVAILABLE, dir
                    + " is a Sigillo home but its database " + store + " is missing: restore it (nothing was created)");
        }
        db = Database.openH2(dbDir());
        engine = Sigillo.open(db, h, vault.sealer(KEK_LABEL),
                EngineSettings.defaults(clock, crlDir(), "os:" + System.getProperty("user.name")), Mailer.folder(mailDir(), clock));
        return engine;
    }

    private void writePems(CaHierarchy h) {
        Pem.write(caDir().resolve("root.pem"), h.root());
        Pem.write(caDir().resolve("workstation-ca.pem"), h.workstationCa().certificate());
        Pem.write(caDir().resolve("smartcard-ca.pem"), h.smartCardCa().certificate());
        Pem.write(caDir().resolve("workstation-ocsp.pem"), h.ocspSignerCertificate(CaRole.WORKSTATION_CA));
        Pem.write(caDir().resolve("smartcard-ocsp.pem"), h.ocspSignerCertificate(CaRole.SMARTCARD_CA));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
        if (vault != null) {
            vault.close();
        }
    }
}
