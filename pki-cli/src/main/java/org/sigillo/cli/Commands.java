package org.sigillo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.sigillo.crl.RevocationReason;
import org.sigillo.engine.Actor;
import org.sigillo.engine.BatchReport;
import org.sigillo.engine.CardRequestReason;
import org.sigillo.engine.CardRequested;
import org.sigillo.engine.CertificateRecord;
import org.sigillo.engine.Crls;
import org.sigillo.engine.Export;
import org.sigillo.engine.Progress;
import org.sigillo.engine.Refusal;
import org.sigillo.engine.RefusedException;
import org.sigillo.engine.Sigillo;
import org.sigillo.hsm.KeySpec;
import org.sigillo.hsm.KeyVault;
import org.sigillo.hsm.SignatureAlgorithm;
import org.sigillo.hsm.VaultKey;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.ocsp.HierarchyResponder;
import org.sigillo.ocsp.OcspHttpHandler;
import org.sigillo.ocsp.OcspHttpServer;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.Pkcs12Encryption;
import org.sigillo.profile.WorkstationLabel;
import org.sigillo.registry.Census;
import org.sigillo.registry.CensusCsvParser;
import org.sigillo.registry.CensusError;
import org.sigillo.registry.CensusRejectedException;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditCheckpoint;
import org.sigillo.store.AuditVerification;
import org.sigillo.store.Database;
import org.sigillo.store.FileCompaction;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The subcommands of {@code sigillo}. Each opens the home, does one job, prints, and closes. */
final class Commands {
    private Commands() {
    }

    /** A command that only groups subcommands ({@code sigillo workstation ...}); alone it prints its usage. */
    abstract static class Group implements Runnable {
        @ParentCommand
        Main main;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(main.spec.commandLine().getOut());
        }
    }

    /** Shared plumbing: the root command's options, the engine, output. */
    abstract static class Base implements Callable<Integer> {
        /** The command above this one: {@link Main} itself or a {@link Group} under it. */
        @ParentCommand
        Object parent;

        Main main() {
            return parent instanceof Main m ? m : ((Group) parent).main;
        }

        @Override
        public final Integer call() throws Exception {
            try (Home home = new Home(main().home)) {
                return execute(home);
            }
        }

        abstract int execute(Home home) throws Exception;

        Sigillo engine(Home home) {
            return home.engine(main().clock);
        }

        PrintWriter out() {
            return main().spec.commandLine().getOut();
        }

        void print(String text, Map<String, ?> json) {
            out().println(main().json ? Json.of(json) : text);
        }

        static Map<String, Object> record(CertificateRecord r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.code());
            m.put("kind", r.kind().name());
            m.put("ente", r.ente().value());
            m.put("state", r.state().name());
            m.put("serial", r.serialHex().orElse(null));
            m.put("notAfter", r.notAfter().map(Object::toString).orElse(null));
            m.put("label", r.label().orElse(null));
            return m;
        }

        static String line(CertificateRecord r) {
            return String.format("%-16s %-11s %-24s serial=%s notAfter=%s%s", r.code(), r.kind(), r.state(),
                    r.serialHex().orElse("-"), r.notAfter().map(Object::toString).orElse("-"),
                    r.label().map(l -> " label=\"" + l + "\"").orElse(""));
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Creates the token, the CA hierarchy and the embedded database.",
            footer = {"", "Example:", "  sigillo --home ./sigillo-home init --hsm softhsm --algorithm ec-p256"})
    static final class Init extends Base {
        @Option(names = "--hsm", description = "softhsm (default) or software (development only)", defaultValue = "softhsm")
        String hsm;

        @Option(names = "--algorithm", description = "ec-p256 (default), ec-p384, rsa3072 or rsa4096", defaultValue = "ec-p256")
        String algorithm;

        @Override
        int execute(Home home) {
            Home.HsmKind kind = switch (hsm) {
                case "softhsm" -> Home.HsmKind.SOFTHSM;
                case "software" -> Home.HsmKind.SOFTWARE;
                default -> throw new IllegalArgumentException("--hsm must be softhsm or software, was: " + hsm);
            };
            KeySpec spec = switch (algorithm) {
                case "ec-p256" -> KeySpec.EC_P256;
                case "ec-p384" -> KeySpec.EC_P384;
                case "rsa3072" -> KeySpec.RSA_3072;
                case "rsa4096" -> KeySpec.RSA_4096;
                default -> throw new IllegalArgumentException("--algorithm must be ec-p256, ec-p384, rsa3072 or rsa4096, was: " + algorithm);
            };
            home.init(kind, spec, main().clock);
            engine(home);
            print("initialised " + home.dir() + " (" + kind.name().toLowerCase() + ", " + spec + "); CA certificates in "
                    + home.caDir(), Map.of("home", home.dir().toString(), "hsm", kind.name(), "algorithm", spec.name()));
            return 0;
        }
    }

    @Command(name = "ente", mixinStandardHelpOptions = true, description = "Enti (Comune or Prefettura).",
            subcommands = {EnteCmd.Add.class, EnteCmd.ListEnti.class})
    static final class EnteCmd extends Group {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds an ente.",
                footer = {"", "Example:", "  sigillo ente add --istat 058091 --name \"Roma Capitale\""})
        static final class Add extends Base {
            @Option(names = "--istat", required = true, description = "six-digit ISTAT code")
            String istat;

            @Option(names = "--name", required = true)
            String name;

            @Option(names = "--province", description = "three-digit province code (checked against the ISTAT code)")
            String province;

            @Override
            int execute(Home home) {
                IstatCode code = IstatCode.parse(istat);
                if (province != null && !province.equals(code.provinceCode())) {
                    throw new IllegalArgumentException("province " + province + " does not match ISTAT code " + code
                            + " (province " + code.provinceCode() + ")");
                }
                Ente ente = Ente.of(code, name);
                engine(home).enti().add(ente);
                print("added " + ente.kind() + " " + code + " " + name, Map.of("istat", code.value(), "name", name,
                        "kind", ente.kind().name()));
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the enti.",
                footer = {"", "Example:", "  sigillo ente list --json"})
        static final class ListEnti extends Base {
            @Override
            int execute(Home home) {
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder sb = new StringBuilder();
                for (Ente e : engine(home).enti().list()) {
                    rows.add(Map.of("istat", e.code().value(), "name", e.name(), "kind", e.kind().name()));
                    sb.append(e.code()).append("  ").append(e.kind()).append("  ").append(e.name()).append('\n');
                }
                out().print(main().json ? Json.of(rows) + "\n" : sb);
                out().flush(); // print, unlike println, does not flush the console writer
                return 0;
            }
        }
    }

    @Command(name = "census", mixinStandardHelpOptions = true, description = "Census of an ente.",
            subcommands = {CensusCmd.Import.class})
    static final class CensusCmd extends Group {
        @Command(name = "import", mixinStandardHelpOptions = true,
                description = "Imports an ente's census (all or nothing): queues its workstation and server requests and "
                        + "registers its users. Once per ente: a second census is refused CENSUS_DONE.",
                footer = {"", "Example:", "  sigillo census import testdata/census/valid-comune.csv --ente 058091"})
        static final class Import extends Base {
            @Parameters(index = "0", description = "the census CSV file")
            Path file;

            @Option(names = "--ente", required = true)
            String ente;

            @Override
            int execute(Home home) throws IOException {
                Census census;
                if (Files.isDirectory(file)) {
                    throw new IllegalArgumentException(file + " is a folder, not a census file");
                }
                try {
                    census = new CensusCsvParser().parse(file);
                } catch (CensusRejectedException e) {
                    PrintWriter err = main().spec.commandLine().getErr();
                    err.println("sigillo: census " + file + " rejected, nothing stored (" + e.errors().size() + " errors):");
                    for (CensusError ce : e.errors()) {
                        err.println("  line " + ce.line() + ": " + ce.kind() + ": " + ce.message());
                    }
                    return ExitCode.BAD_INPUT.code();
                }
                if (!census.ente().code().equals(IstatCode.parse(ente))) {
                    throw new IllegalArgumentException("the census is for ente " + census.ente().code() + ", not " + ente);
                }
                List<String> queued = engine(home).importCensus(census, ProgressBar.forTerminal(main().json, "census"));
                print("census of " + census.ente().code() + " " + census.ente().name() + " imported: queued " + queued
                        + "; " + census.users().size() + " users validated", Map.of("ente", ente, "queued", queued,
                        "users", census.users().size()));
                return 0;
            }
        }
    }

    @Command(name = "workstation", mixinStandardHelpOptions = true, description = "Workstation certificates ({ISTAT}-PC-{NNNN}).",
            subcommands = {WorkstationCmd.Register.class, WorkstationCmd.ListCmd.class, WorkstationCmd.ExportCmd.class,
                    WorkstationCmd.ExportAll.class, WorkstationCmd.Block.class, WorkstationCmd.Unblock.class,
                    WorkstationCmd.Cancel.class, WorkstationCmd.RegisterPc.class})
    static final class WorkstationCmd extends Group {
        @Command(name = "register", mixinStandardHelpOptions = true, description = "Registers a workstation and queues its request; prints the code.",
                footer = {"", "Example:", "  sigillo workstation register --ente 058091 --label \"Anagrafe 1\""})
        static final class Register extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Option(names = "--label")
            String label;

            @Override
            int execute(Home home) {
                var code = engine(home).workstations().register(IstatCode.parse(ente),
                        Optional.ofNullable(label).map(WorkstationLabel::new));
                print(code.toString(), Map.of("code", code.toString()));
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists an ente's workstation certificates.",
                footer = {"", "Example:", "  sigillo workstation list --ente 058091 --state ATTIVO"})
        static final class ListCmd extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Option(names = "--state", description = "RICHIESTA_IN_LAVORAZIONE, ATTIVO, BLOCCATO, REVOCA_IN_LAVORAZIONE, REVOCATO, SCADUTO")
            CertificateState state;

            @Override
            int execute(Home home) {
                List<CertificateRecord> rows = engine(home).certificates().list(IstatCode.parse(ente),
                        Optional.of(CertificateKind.WORKSTATION), Optional.ofNullable(state));
                printRecords(this, rows);
                return 0;
            }
        }

        @Command(name = "export", mixinStandardHelpOptions = true,
                description = "Exports a workstation certificate and its key as PKCS#12; prints the installation password once.",
                footer = {"", "Example:", "  sigillo workstation export 058091-PC-0001 --out pc1.p12"})
        static final class ExportCmd extends Base {
            @Parameters(index = "0")
            String code;

            @Option(names = "--out", required = true)
            Path outFile;

            @Option(names = "--legacy", description = "3DES/SHA-1 for old Windows (default AES-256/PBKDF2-SHA256)")
            boolean legacy;

            @Override
            int execute(Home home) throws IOException {
                String pw;
                // staged before the engine audits the export, published after: the log records what was written
                try (PrivateFiles.Staged staged = new PrivateFiles.Staged(outFile)) {
                    Export x = engine(home).workstations().exportWithPrivateKey(code,
                            legacy ? Pkcs12Encryption.LEGACY : Pkcs12Encryption.MODERN, e -> staged.write(e.pkcs12()));
                    try {
                        staged.publish();
                        pw = new String(x.password().reveal());
                    } finally {
                        x.destroy();
                    }
                }
                print("wrote " + outFile + "; installation password (shown once): " + pw,
                        Map.of("code", code, "file", outFile.toString(), "password", pw));
                return 0;
            }
        }

        @Command(name = "export-all", mixinStandardHelpOptions = true,
                description = "Exports every active workstation and server certificate of an ente in one ZIP with a passwords file.",
                footer = {"", "Example:", "  sigillo workstation export-all --ente 058091 --out roma.zip"})
        static final class ExportAll extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Option(names = "--out", required = true)
            Path outFile;

            @Option(names = "--legacy")
            boolean legacy;

            @Override
            int execute(Home home) throws IOException {
                try (PrivateFiles.Staged staged = new PrivateFiles.Staged(outFile)) {
                    engine(home).workstations().exportAllWithPrivateKeys(IstatCode.parse(ente),
                            legacy ? Pkcs12Encryption.LEGACY : Pkcs12Encryption.MODERN, staged::write);
                    staged.publish();
                }
                print("wrote " + outFile, Map.of("file", outFile.toString()));
                return 0;
            }
        }

        @Command(name = "block", mixinStandardHelpOptions = true, description = "Blocks (suspends) a certificate.",
                footer = {"", "Example:", "  sigillo workstation block 058091-PC-0001"})
        static final class Block extends Base {
            @Parameters(index = "0")
            String code;

            @Override
            int execute(Home home) {
                printRecord(this, engine(home).certificates().block(code));
                return 0;
            }
        }

        @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Lifts a block.",
                footer = {"", "Example:", "  sigillo workstation unblock 058091-PC-0001"})
        static final class Unblock extends Base {
            @Parameters(index = "0")
            String code;

            @Override
            int execute(Home home) {
                printRecord(this, engine(home).certificates().unblock(code));
                return 0;
            }
        }

        @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a certificate for good.",
                footer = {"", "Example:", "  sigillo workstation cancel 058091-PC-0001 --reason KEY_COMPROMISE"})
        static final class Cancel extends Base {
            @Parameters(index = "0")
            String code;

            @Option(names = "--reason", defaultValue = "CESSATION_OF_OPERATION",
                    description = "UNSPECIFIED, KEY_COMPROMISE, AFFILIATION_CHANGED, SUPERSEDED, CESSATION_OF_OPERATION (default)")
            RevocationReason reason;

            @Override
            int execute(Home home) {
                printRecord(this, engine(home).certificates().cancel(code, reason, Optional.empty()));
                return 0;
            }
        }

        @Command(name = "register-pc", mixinStandardHelpOptions = true,
                description = "Records the physical PC of a workstation code, or the server of a server code, in the "
                        + "tamper-evident register.",
                footer = {"", "Example:", "  sigillo workstation register-pc 058091-PC-0001 --mac 00:1A:2B:3C:4D:5E --hostname ANAG01"})
        static final class RegisterPc extends Base {
            @Parameters(index = "0")
            String code;

            @Option(names = "--mac", required = true)
            String mac;

            @Option(names = "--hostname", required = true)
            String hostname;

            @Override
            int execute(Home home) {
                engine(home).workstations().registerPc(code, mac, hostname);
                print("registered " + hostname + " (" + mac + ") for " + code, Map.of("code", code, "mac", mac, "hostname", hostname));
                return 0;
            }
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Server certificates ({ISTAT}-CO-9999 ...).",
            subcommands = {ServerCmd.Issue.class, ServerCmd.Renew.class, ServerCmd.UseForNotifications.class,
                    ServerCmd.Notification.class})
    static final class ServerCmd extends Group {
        @Command(name = "issue", mixinStandardHelpOptions = true, description = "Queues a server certificate request; prints the code.",
                footer = {"", "Example:", "  sigillo server issue --ente 058091"})
        static final class Issue extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Override
            int execute(Home home) {
                var code = engine(home).servers().request(IstatCode.parse(ente));
                print(code.toString(), Map.of("code", code.toString()));
                return 0;
            }
        }

        @Command(name = "renew", mixinStandardHelpOptions = true, description = "Queues the renewal of the ente's server certificate.",
                footer = {"", "Example:", "  sigillo server renew --ente 058091"})
        static final class Renew extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Override
            int execute(Home home) {
                var code = engine(home).servers().renew(IstatCode.parse(ente));
                print(code.toString(), Map.of("code", code.toString()));
                return 0;
            }
        }

        @Command(name = "use-for-notifications", mixinStandardHelpOptions = true,
                description = "Makes a server certificate (ATTIVO, inside its validity) the ente's notification "
                        + "encryption certificate.",
                footer = {"", "Example:", "  sigillo server use-for-notifications 058091-CO-9998"})
        static final class UseForNotifications extends Base {
            @Parameters(index = "0")
            String code;

            @Override
            int execute(Home home) {
                engine(home).servers().useForNotifications(code);
                print(code + " is now the notification certificate", Map.of("code", code));
                return 0;
            }
        }

        @Command(name = "notification", mixinStandardHelpOptions = true,
                description = {"Shows the ente's notification encryption certificate.",
                        "Exit 0 when the chosen one can be encrypted to; 1 when none is chosen, or the chosen one is "
                                + "blocked, cancelled or expired (choose another with use-for-notifications)."},
                footer = {"", "Example:", "  sigillo server notification --ente 058091"})
        static final class Notification extends Base {
            @Option(names = "--ente", required = true)
            String ente;

            @Override
            int execute(Home home) {
                IstatCode istat = IstatCode.parse(ente);
                Sigillo e = engine(home);
                Optional<CertificateRecord> chosen = e.servers().notificationCertificate(istat);
                if (chosen.isEmpty()) {
                    print("ente " + istat + " has chosen no notification certificate",
                            Map.of("ente", istat.value(), "usable", false));
                    return 1;
                }
                CertificateRecord r = chosen.get();
                boolean usable = e.servers().notificationEncryptionCertificate(istat).isPresent();
                String until = r.notAfter().map(Object::toString).orElse("");
                print(usable ? r.code() + " (ATTIVO until " + until + ")"
                                : r.code() + " is chosen but cannot be encrypted to (" + r.state()
                                        + (r.state() == CertificateState.ATTIVO ? ", expired " + until : "")
                                        + "): choose another with server use-for-notifications",
                        Map.of("ente", istat.value(), "code", r.code(), "state", r.state().name(), "notAfter", until,
                                "usable", usable));
                return usable ? 0 : 1;
            }
        }
    }

    @Command(name = "card", mixinStandardHelpOptions = true, description = "Smart-card certificates.",
            subcommands = {CardCmd.Request.class, PeopleCommands.HandOver.class, PeopleCommands.Deliver.class,
                    PeopleCommands.CardBlock.class, PeopleCommands.CardUnblock.class, PeopleCommands.Revoke.class,
                    PeopleCommands.ResendPin.class})
    static final class CardCmd extends Group {
        @Command(name = "request", mixinStandardHelpOptions = true,
                description = "Queues a smart-card certificate from the card's PKCS#10 request; without --csr the card is "
                        + "simulated by a new SoftHSM2 token in the home. The person's previous cards are revoked at once. "
                        + "Prints the card number; the envelope halves of PIN, PUK and emergency password go to DIR/envelopes/.",
                footer = {"", "Example:", "  sigillo card request --cf RSSMRA85T10A562S --ente 058091 --csr card.csr",
                        "  sigillo card request --cf RSSMRA85T10A562S --ente 058091 --reason LOSS_OR_THEFT",
                        "(--name/--surname are needed only for a person not registered in the ente)"})
        static final class Request extends Base {
            @Option(names = "--cf", required = true, description = "codice fiscale of the holder")
            String cf;

            @Option(names = "--ente", required = true)
            String ente;

            @Option(names = "--name", description = "given name (for a person not registered in the ente)")
            String name;

            @Option(names = "--surname", description = "surname (for a person not registered in the ente)")
            String surname;

            @Option(names = "--reason", defaultValue = "FIRST",
                    description = "FIRST, LOSS_OR_THEFT (previous card: keyCompromise), MALFUNCTION, NEAR_EXPIRY (superseded)")
            CardRequestReason reason;

            @Option(names = "--email")
            String email;

            @Option(names = "--csr", description = "PKCS#10 request made by the card (PEM or DER)")
            Path csr;

            @Override
            int execute(Home home) throws Exception {
                CodiceFiscale holder = CodiceFiscale.parse(cf);
                byte[] request;
                if (csr != null) {
                    request = Files.readAllBytes(csr);
                } else {
                    // a token per card, not per person: a replacement card is another card (a label per
                    // person made the second request fail on its key label, leaving a stray token each time)
                    request = simulatedCard(home, "card-" + holder.canonical().toLowerCase() + "-"
                            + HexFormat.of().toHexDigits(new SecureRandom().nextInt()));
                }
                // the envelope halves exist only in this process once the request commits: a folder they
                // cannot be written to is found before anything is requested (or a previous card revoked)
                PeopleCommands.requireWritableEnvelopeDir(home);
                var cards = engine(home).cards();
                CardRequested r = name == null && surname == null && email == null
                        ? cards.request(Actor.operator(), IstatCode.parse(ente), holder, request, reason)
                        : cards.requestForHolder(IstatCode.parse(ente), holder, name, surname,
                                Optional.ofNullable(email).map(EmailAddress::parse), request, reason);
                try {
                    Path envelope;
                    try {
                        envelope = PeopleCommands.writeEnvelope(home, r);
                    } catch (IOException e) {
                        throw new UncheckedIOException("card " + r.number() + " is requested"
                                + (r.revokedPrevious().isEmpty() ? "" : " (revoked " + r.revokedPrevious() + ")")
                                + " but its envelope halves could not be written, so they are lost: request the card again"
                                + " with --reason MALFUNCTION (" + e.getMessage() + ")", e);
                    }
                    print(r.number() + (r.revokedPrevious().isEmpty() ? "" : " (revoked " + r.revokedPrevious() + ")")
                            + "; envelope halves in " + envelope, Map.of("card", r.number(), "cf", holder.canonical(),
                            "revoked", r.revokedPrevious(), "envelope", envelope.toString()));
                } finally {
                    r.destroy();
                }
                return 0;
            }

            /** A new SoftHSM2 token in the home plays the card: it makes the key and signs the request. */
            private static byte[] simulatedCard(Home home, String label) throws Exception {
                Path conf = home.dir().resolve("hsm/softhsm2.conf");
                if (!Files.exists(conf)) {
                    throw new IllegalArgumentException("no --csr given and this home has no SoftHSM2 to simulate a card in");
                }
                String token = label.length() > 32 ? label.substring(0, 32) : label;
                char[] pin = SoftHsmProvisioner.readPin(home.pinFile());
                SoftHsmProvisioner.provisionExtra(conf, token, pin);
                Arrays.fill(pin, '\0');
                try (KeyVault card = SoftHsmProvisioner.open(home.pinFile(), token)) {
                    VaultKey key = card.generate("card-key", KeySpec.EC_P256);
                    return new PKCS10CertificationRequestBuilder(
                            new X500Name("CN=" + token),
                            SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()))
                            .build(card.signerPool("card-key", SignatureAlgorithm.SHA256_WITH_ECDSA).contentSigner())
                            .getEncoded();
                }
            }
        }
    }

    @Command(name = "batch", mixinStandardHelpOptions = true,
            description = "Moves certificates past their notAfter to SCADUTO, queues the renewal of due server "
                    + "certificates, then issues every queued request.",
            footer = {"", "Example:", "  sigillo batch",
                    "Exit code 0: all issued; 1: only rules stopped some (CA_EXPIRES_TOO_SOON),",
                    "which stay queued; 3: the HSM or the store stopped some."})
    static final class Batch extends Base {
        @Override
        int execute(Home home) {
            BatchReport r = engine(home).batch().run(ProgressBar.forTerminal(main().json, "batch"));
            print("issued " + r.issued().size() + " " + r.issued() + (r.renewed().isEmpty() ? "" : "; renewals queued " + r.renewed())
                    + (r.failed().isEmpty() ? "" : "; failed " + r.failed()),
                    Map.of("issued", r.issued(), "renewed", r.renewed(), "failed", r.failed().stream().map(Object::toString).toList()));
            // 1 when only rules stopped requests (the issuing CA ends too soon), 3 when the HSM or the store did
            return r.failed().isEmpty() ? 0 : r.failedByRulesOnly() ? ExitCode.REFUSED.code() : ExitCode.INFRASTRUCTURE.code();
        }
    }

    @Command(name = "cert", mixinStandardHelpOptions = true, description = "Certificates by code or serial.",
            subcommands = {CertCmd.Show.class})
    static final class CertCmd extends Group {
        @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a certificate; --out writes it as PEM.",
                footer = {"", "Example:", "  sigillo cert show 058091-PC-0001 --out pc1.pem"})
        static final class Show extends Base {
            @Parameters(index = "0", description = "code or hex serial")
            String id;

            @Option(names = "--out")
            Path outFile;

            @Override
            int execute(Home home) {
                Sigillo e = engine(home);
                CertificateRecord r = e.certificates().find(id).or(() -> {
                    try {
                        return e.certificates().findBySerial(new BigInteger(id, 16));
                    } catch (NumberFormatException ex) {
                        return Optional.empty();
                    }
                }).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_CERTIFICATE,
                        "no certificate with code or serial " + id));
                if (outFile != null) {
                    Pem.write(outFile, r.certificate());
                }
                printRecord(this, r);
                return 0;
            }
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true, description = "CRLs.", subcommands = {CrlCmd.Reissue.class})
    static final class CrlCmd extends Group {
        @Command(name = "reissue", mixinStandardHelpOptions = true, description = "Issues and publishes CRLs under DIR/crl/.",
                footer = {"", "Example:", "  sigillo crl reissue --ca workstation --delta"})
        static final class Reissue extends Base {
            @Option(names = "--ca", description = "workstation, smartcard or root (default: all three; with --delta, the two"
                    + " issuing CAs: the root's CRL has no deltas)")
            String ca;

            @Option(names = "--delta", description = "a delta CRL against the last full one")
            boolean delta;

            @Override
            int execute(Home home) {
                List<Crls.Series> series = ca == null ? Crls.Series.all(delta) : List.of(Crls.Series.ofFileName(ca));
                List<String> files = new ArrayList<>();
                Progress progress = ProgressBar.forTerminal(main().json, "crl");
                try {
                    engine(home).crls().reissue(series, delta, progress, p -> {
                        files.add(p.der().toString());
                        files.add(p.pem().toString());
                    });
                } catch (RuntimeException e) {
                    if (!files.isEmpty()) {
                        main().spec.commandLine().getErr().println("sigillo: published " + files + " before the failure below");
                    }
                    throw e;
                }
                print("published " + files, Map.of("files", files));
                return 0;
            }
        }
    }

    @Command(name = "ocsp", mixinStandardHelpOptions = true, description = "OCSP responder.", subcommands = {OcspCmd.Serve.class})
    static final class OcspCmd extends Group {
        @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves OCSP on BIND:PORT/ocsp until stopped.",
                footer = {"", "Example:", "  sigillo ocsp serve --port 8080"})
        static final class Serve extends Base {
            @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE})")
            int port;

            @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
            String bind;

            @Override
            int execute(Home home) throws InterruptedException {
                Sigillo e = engine(home);
                var responder = HierarchyResponder.of(e.ca(), e.status(), main().clock, Duration.ofHours(1));
                try (OcspHttpServer server = OcspHttpServer.start(new InetSocketAddress(bind, port), "/ocsp",
                        new OcspHttpHandler(responder, main().clock), 4)) {
                    print("OCSP responder at " + server.url(), Map.of("url", server.url()));
                    out().flush();
                    new CountDownLatch(1).await();
                }
                return 0;
            }
        }
    }

    @Command(name = "expiring", mixinStandardHelpOptions = true, description = "Lists certificates that expire within DAYS.",
            footer = {"", "Example:", "  sigillo expiring --within 30"})
    static final class Expiring extends Base {
        @Option(names = "--within", required = true, description = "days")
        int days;

        @Override
        int execute(Home home) {
            if (days < 0 || days > 3650) {
                throw new IllegalArgumentException("--within must be 0..3650 days, was " + days);
            }
            printRecords(this, engine(home).expiring(Duration.ofDays(days)));
            return 0;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.", subcommands = {AuditCmd.Verify.class})
    static final class AuditCmd extends Group {
        @Command(name = "verify", mixinStandardHelpOptions = true, description = {
                "Verifies the hash chain of the audit log and prints its head as a checkpoint, SEQ:HASH.",
                "Keep the checkpoint outside this machine: with --checkpoint, a later run also proves that",
                "the chain still passes through it (nobody with SQL access cut or rewrote it since)."},
                footer = {"", "Examples:", "  sigillo audit verify",
                        "  sigillo audit verify --checkpoint 1234:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})
        static final class Verify extends Base {
            @Option(names = "--checkpoint", paramLabel = "SEQ:HASH",
                    description = "a head printed by an earlier run, that the chain must still pass through")
            String checkpoint;

            @Override
            int execute(Home home) {
                AuditCheckpoint expected = checkpoint == null ? null : AuditCheckpoint.parse(checkpoint);
                Sigillo engine = engine(home);
                AuditVerification v = expected == null ? engine.verifyAudit() : engine.verifyAudit(expected);
                if (v instanceof AuditVerification.Intact ok) {
                    String through = expected == null ? "" : ", through checkpoint " + expected.seq();
                    print("audit chain intact: " + ok.count() + " entries" + through + "; checkpoint " + ok.checkpoint(),
                            Map.of("intact", true, "entries", ok.count(), "checkpoint", ok.checkpoint().toString()));
                    return 0;
                }
                AuditVerification.Broken b = (AuditVerification.Broken) v;
                print("audit chain BROKEN at entry " + b.seq() + ": " + b.kind() + " " + b.detail(),
                        Map.of("intact", false, "seq", b.seq(), "kind", b.kind().name()));
                return ExitCode.REFUSED.code();
            }
        }
    }

    @Command(name = "db", mixinStandardHelpOptions = true, description = "The embedded database.", subcommands = {DbCmd.Compact.class})
    static final class DbCmd extends Group {
        @Command(name = "compact", mixinStandardHelpOptions = true,
                description = "Rewrites DIR/db/sigillo.mv.db with its live pages only (no engine may have it open).",
                footer = {"", "Example:", "  sigillo db compact"})
        static final class Compact extends Base {
            @Override
            int execute(Home home) {
                home.requireInitialised(); // not a home: exit 2, as every other command says, not H2's UNAVAILABLE
                FileCompaction c = Database.compactH2(home.dbDir());
                print(String.format("compacted %s: %,d -> %,d bytes", c.file(), c.bytesBefore(), c.bytesAfter()),
                        Map.of("file", c.file().toString(), "bytesBefore", c.bytesBefore(), "bytesAfter", c.bytesAfter()));
                return 0;
            }
        }
    }

    static void printRecord(Base cmd, CertificateRecord r) {
        cmd.print(Base.line(r), Base.record(r));
    }

    static void printRecords(Base cmd, List<CertificateRecord> rows) {
        if (cmd.main().json) {
            cmd.out().println(Json.of(rows.stream().map(Base::record).toList()));
        } else {
            rows.forEach(r -> cmd.out().println(Base.line(r)));
        }
    }

}
