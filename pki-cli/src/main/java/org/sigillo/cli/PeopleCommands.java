package org.sigillo.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sigillo.engine.Actor;
import org.sigillo.engine.CardRecord;
import org.sigillo.engine.CardRequested;
import org.sigillo.engine.CardRevocationReason;
import org.sigillo.engine.NewUser;
import org.sigillo.engine.UserChange;
import org.sigillo.engine.UserRecord;
import org.sigillo.registry.CodiceFiscale;
import org.sigillo.registry.DailyPasswordGrant;
import org.sigillo.registry.EmailAddress;
import org.sigillo.registry.EnvironmentSet;
import org.sigillo.registry.IstatCode;
import org.sigillo.registry.ProfileSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The people commands: {@code user ...} and the card commands after the request ({@code card
 * deliver|block|unblock|revoke|resend-pin|hand-over}). Every command acts as the CA operator
 * (the audit log names the operating-system user).
 */
final class PeopleCommands {
    private PeopleCommands() {
    }

    static ProfileSet profiles(String text) {
        return ProfileSet.parse(text.replace(',', ';'));
    }

    static EnvironmentSet environments(String text) {
        return EnvironmentSet.parse(text.replace(',', ';'));
    }

    static Map<String, Object> user(UserRecord u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cf", u.cf().canonical());
        m.put("name", u.givenName());
        m.put("surname", u.surname());
        m.put("ente", u.ente().value());
        m.put("profiles", u.profiles().toString());
        m.put("environments", u.environments().toString());
        m.put("email", u.email().toString());
        m.put("pec", u.pec().map(EmailAddress::toString).orElse(null));
        m.put("state", u.state().name());
        return m;
    }

    static String userLine(UserRecord u) {
        return String.format("%-16s %-24s %-8s profiles=%s env=%s email=%s", u.cf().canonical(), u.surname() + " " + u.givenName(),
                u.state(), u.profiles(), u.environments(), u.email());
    }

    static Map<String, Object> card(CardRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("card", c.number());
        m.put("cf", c.cf().canonical());
        m.put("ente", c.ente().value());
        m.put("state", c.state().name());
        m.put("revocationReason", c.revocationReason().map(Enum::name).orElse(null));
        return m;
    }

    static String cardLine(CardRecord c) {
        return c.number() + " " + c.state() + " cf=" + c.cf().canonical() + c.revocationReason().map(r -> " reason=" + r).orElse("");
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Users and their registrations in an ente.",
            subcommands = {Add.class, ListUsers.class, Modify.class, Block.class, Unblock.class, Delete.class, DailyPassword.class})
    static final class UserCmd extends Commands.Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Registers a person in an ente.",
            footer = {"", "Example:", "  sigillo user add --ente 058091 --cf RSSMRA85T10A562S --name Mario --surname Rossi "
                    + "--email mario.rossi@comune.roma.it --profiles ALS --env PRODUZIONE,PRESUBENTRO"})
    static final class Add extends Commands.Base {
        @Option(names = "--ente", required = true)
        String ente;
        @Option(names = "--cf", required = true, description = "codice fiscale")
        String cf;
        @Option(names = "--name", required = true, description = "given name")
        String name;
        @Option(names = "--surname", required = true)
        String surname;
        @Option(names = "--email", required = true, description = "ordinary e-mail (receives the PIN/PUK halves)")
        String email;
        @Option(names = "--pec", description = "certified e-mail (optional)")
        String pec;
        @Option(names = "--profiles", required = true, description = "comma-separated: ALS, ALP, ASC, APL, operator profiles")
        String profiles;
        @Option(names = "--env", defaultValue = "PRODUZIONE", description = "comma-separated: PRODUZIONE, PRESUBENTRO (default ${DEFAULT-VALUE})")
        String env;

        @Override
        int execute(Home home) {
            UserRecord u = engine(home).users().add(Actor.operator(), IstatCode.parse(ente), new NewUser(CodiceFiscale.parse(cf), name,
                    surname, profiles(profiles), environments(env), EmailAddress.parse(email),
                    Optional.ofNullable(pec).map(EmailAddress::parse)));
            print("registered " + userLine(u), user(u));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists an ente's users.",
            footer = {"", "Example:", "  sigillo user list --ente 058091 --json"})
    static final class ListUsers extends Commands.Base {
        @Option(names = "--ente", required = true)
        String ente;

        @Override
        int execute(Home home) {
            List<UserRecord> all = engine(home).users().list(Actor.operator(), IstatCode.parse(ente));
            if (main().json) {
                out().println(Json.of(Map.of("users", all.stream().map(PeopleCommands::user).toList())));
            } else {
                all.forEach(u -> out().println(userLine(u)));
            }
            return 0;
        }
    }

    @Command(name = "modify", mixinStandardHelpOptions = true, description = "Changes e-mail, PEC, profiles or environments.",
            footer = {"", "Example:", "  sigillo user modify RSSMRA85T10A562S --ente 058091 --profiles ALS,ALP"})
    static final class Modify extends Commands.Base {
        @Parameters(index = "0", description = "codice fiscale")
        String cf;
        @Option(names = "--ente", required = true)
        String ente;
        @Option(names = "--email")
        String email;
        @Option(names = "--pec")
        String pec;
        @Option(names = "--profiles")
        String profiles;
        @Option(names = "--env")
        String env;

        @Override
        int execute(Home home) {
            // one transaction: the fields not given are kept as they are when the change is written
            UserChange change = UserChange.none();
            if (profiles != null) {
                change = change.withProfiles(profiles(profiles));
            }
            if (env != null) {
                change = change.withEnvironments(environments(env));
            }
            if (email != null) {
                change = change.withEmail(EmailAddress.parse(email));
            }
            if (pec != null) {
                change = change.withPec(EmailAddress.parse(pec));
            }
            UserRecord after = engine(home).users().modify(Actor.operator(), IstatCode.parse(ente), CodiceFiscale.parse(cf), change);
            print("modified " + userLine(after), user(after));
            return 0;
        }
    }

    abstract static class OnUser extends Commands.Base {
        @Parameters(index = "0", description = "codice fiscale")
        String cf;
        @Option(names = "--ente", required = true)
        String ente;

        int done(String verb, UserRecord u) {
            print(verb + " " + userLine(u), user(u));
            return 0;
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true, description = "Blocks a user in an ente (every login there is refused).",
            footer = {"", "Example:", "  sigillo user block RSSMRA85T10A562S --ente 058091"})
    static final class Block extends OnUser {
        @Override
        int execute(Home home) {
            return done("blocked", engine(home).users().block(Actor.operator(), IstatCode.parse(ente), CodiceFiscale.parse(cf)));
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Lifts a user's block.",
            footer = {"", "Example:", "  sigillo user unblock RSSMRA85T10A562S --ente 058091"})
    static final class Unblock extends OnUser {
        @Override
        int execute(Home home) {
            return done("unblocked", engine(home).users().unblock(Actor.operator(), IstatCode.parse(ente), CodiceFiscale.parse(cf)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes the registration; the card is revoked if it was the person's only one.",
            footer = {"", "Example:", "  sigillo user delete RSSMRA85T10A562S --ente 058091"})
    static final class Delete extends OnUser {
        @Override
        int execute(Home home) {
            List<String> revoked = engine(home).users().delete(Actor.operator(), IstatCode.parse(ente), CodiceFiscale.parse(cf));
            print("deleted " + CodiceFiscale.parse(cf).canonical() + " from " + ente
                    + (revoked.isEmpty() ? "; the card stays valid" : "; cards revoked " + revoked),
                    Map.of("cf", CodiceFiscale.parse(cf).canonical(), "ente", ente, "cardsRevoked", revoked));
            return 0;
        }
    }

    @Command(name = "daily-password", mixinStandardHelpOptions = true,
            description = "Grants a daily password (valid until midnight Europe/Rome), mails it to the user's own address "
                    + "and prints it once.",
            footer = {"", "Example:", "  sigillo user daily-password RSSMRA85T10A562S --ente 058091"})
    static final class DailyPassword extends OnUser {
        @Override
        int execute(Home home) {
            DailyPasswordGrant g = engine(home).users().grantDailyPassword(Actor.operator(), IstatCode.parse(ente), CodiceFiscale.parse(cf));
            char[] p = g.revealPassword();
            try {
                print("daily password (shown once): " + new String(p) + "  valid until " + g.stored().expiresAt(),
                        Map.of("password", new String(p), "validUntil", g.stored().expiresAt().toString()));
            } finally {
                Arrays.fill(p, '\0');
                g.destroy();
            }
            return 0;
        }
    }

    abstract static class OnCard extends Commands.Base {
        @Parameters(index = "0", description = "card number")
        String number;

        int done(String verb, CardRecord c) {
            print(verb + " " + cardLine(c), card(c));
            return 0;
        }
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true,
            description = "Registers the card's delivery to its holder and mails the second halves of PIN, PUK, emergency password.",
            footer = {"", "Example:", "  sigillo card deliver 058091000001"})
    static final class Deliver extends OnCard {
        @Override
        int execute(Home home) {
            CardRecord c = engine(home).cards().deliver(Actor.operator(), number);
            print("delivered " + cardLine(c) + "; PIN/PUK halves mailed (see " + home.mailDir() + ")", card(c));
            return 0;
        }
    }

    @Command(name = "hand-over", mixinStandardHelpOptions = true,
            description = "The Prefettura hands over the ente's produced cards (state CONSEGNATA_DALLA_PREFETTURA; the mayor's"
                    + " and the APL's are delivered with it: ATTIVA, their PIN/PUK halves mailed).",
            footer = {"", "Example:", "  sigillo card hand-over --ente 058091"})
    static final class HandOver extends Commands.Base {
        @Option(names = "--ente", required = true, description = "the municipality")
        String ente;

        @Override
        int execute(Home home) {
            List<CardRecord> done = engine(home).cards().handOver(Actor.operator(), IstatCode.parse(ente));
            print("handed over " + done.size() + " " + done.stream().map(CardRecord::number).toList(),
                    Map.of("cards", done.stream().map(PeopleCommands::card).toList()));
            return 0;
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true, description = "Blocks a card (its certificate goes on hold).",
            footer = {"", "Example:", "  sigillo card block 058091000001"})
    static final class CardBlock extends OnCard {
        @Override
        int execute(Home home) {
            return done("blocked", engine(home).cards().block(Actor.operator(), number));
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Lifts a card's block.",
            footer = {"", "Example:", "  sigillo card unblock 058091000001"})
    static final class CardUnblock extends OnCard {
        @Override
        int execute(Home home) {
            return done("unblocked", engine(home).cards().unblock(Actor.operator(), number));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a card for good (and its certificate).",
            footer = {"", "Example:", "  sigillo card revoke 058091000001 --reason LOSS_OR_THEFT"})
    static final class Revoke extends OnCard {
        @Option(names = "--reason", required = true, description = "LOSS_OR_THEFT (keyCompromise), CESSATION, OTHER")
        CardRevocationReason reason;

        @Override
        int execute(Home home) {
            return done("revoked", engine(home).cards().revoke(Actor.operator(), number, reason));
        }
    }

    @Command(name = "resend-pin", mixinStandardHelpOptions = true, description = "Mails the second halves of PIN, PUK and emergency password again.",
            footer = {"", "Example:", "  sigillo card resend-pin 058091000001"})
    static final class ResendPin extends OnCard {
        @Override
        int execute(Home home) {
            engine(home).cards().resendPin(Actor.operator(), number);
            print("PIN/PUK halves of " + number + " mailed again", Map.of("card", number, "resent", true));
            return 0;
        }
    }

    /**
     * Makes sure the envelope folder exists and takes a new owner-only file (one is made and
     * deleted), before a card request commits: afterwards its halves exist nowhere else.
     */
    static void requireWritableEnvelopeDir(Home home) throws IOException {
        Path dir = home.envelopeDir();
        Files.createDirectories(dir);
        Path probe;
        try {
            probe = Files.createTempFile(dir, ".probe", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            probe = Files.createTempFile(dir, ".probe", ".tmp");
        }
        Files.delete(probe);
    }

    /** Writes the envelope halves of a new card to {@code DIR/envelopes/<number>.txt} (owner-only) and returns the path. */
    static Path writeEnvelope(Home home, CardRequested r) throws IOException {
        Path dir = home.envelopeDir();
        Files.createDirectories(dir);
        Path f = dir.resolve(r.number() + ".txt");
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(f); // a non-POSIX file system: the home folder's own protection applies
        }
        // The halves go from their char arrays into one byte array of ours, which is written with a
        // FileOutputStream (its native write copies through a stack buffer, not a cached direct
        // buffer as a channel would) and wiped together with the char arrays: no String, writer
        // buffer or encoder buffer is left holding a secret until it is collected.
        char[][] parts = {("Smart card " + r.number() + "\nFirst half of the PIN: ").toCharArray(), r.pinEnvelopeHalf(),
                "\nFirst half of the PUK: ".toCharArray(), r.pukEnvelopeHalf(),
                "\nFirst half of the emergency password: ".toCharArray(), r.emergencyEnvelopeHalf(), "\n".toCharArray()};
        int chars = 0;
        for (char[] p : parts) {
            chars += p.length;
        }
        byte[] bytes = new byte[chars * 3]; // UTF-8 takes at most 3 bytes per char (a surrogate pair: 4 for 2)
        try {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            for (char[] p : parts) {
                CoderResult cr = utf8.encode(CharBuffer.wrap(p), out, false);
                if (cr.isError()) {
                    cr.throwException();
                }
            }
            utf8.encode(CharBuffer.allocate(0), out, true);
            utf8.flush(out);
            try (FileOutputStream file = new FileOutputStream(f.toFile())) {
                file.write(bytes, 0, out.position());
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
            for (char[] p : parts) {
                Arrays.fill(p, '\0');
            }
        }
        return f;
    }
}
