package org.sigillo.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import org.sigillo.registry.EmailAddress;

/**
 * Run by {@link FailureLeavesNothingTest} in a JVM whose file size limit ({@code ulimit -f}) is
 * smaller than the mail: the default mailer's write fails half-way, as on a full disk. Prints
 * {@code SENT} or {@code FAILED <exception>}, then one {@code LEFT <name> <size>} line per file
 * left in the folder.
 */
public final class MailerFileLimitChild {
    private MailerFileLimitChild() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Mailer mailer = Mailer.folder(folder, Clock.systemUTC());
        String body = "Second half of the PIN: SECRET-HALF\n" + "padding line\n".repeat(400);
        try {
            mailer.send(new Mail(EmailAddress.parse("mario.rossi@comune.roma.it"), "Smart card 058091000001", body));
            System.out.println("SENT");
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                System.out.println("LEFT " + f.getFileName() + " " + Files.size(f));
            }
        }
    }
}
