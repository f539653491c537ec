package org.sigillo.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;

/**
 * The default {@link Mailer}: each message becomes one {@code .eml} file (RFC 5322 headers,
 * UTF-8 text body, CRLF line ends) in a folder, written to a temporary name and moved into place
 * so a reader never sees half a message. Files are created readable by the owner only (they
 * carry secret halves).
 */
final class EmlFolderMailer implements Mailer {
    private static final String FROM = "Sigillo CA <no-reply@sigillo.invalid>";
    private final Path folder;
    private final Clock clock;

    EmlFolderMailer(Path folder, Clock clock) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(Mail mail) {
        String id = UUID.randomUUID().toString();
        StringBuilder m = new StringBuilder(512);
        m.append("From: ").append(FROM).append("\r\n");
        m.append("To: ").append(mail.to()).append("\r\n");
        m.append("Subject: ").append(mail.subject()).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock))).append("\r\n");
        m.append("Message-ID: <").append(id).append("@sigillo.invalid>\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        m.append(mail.body().replace("\r\n", "\n").replace("\n", "\r\n"));
        try {
            Files.createDirectories(folder);
            Path tmp = folder.resolve("." + id + ".tmp");
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp); // a non-POSIX file system: the folder's own protection applies
            }
            Files.write(tmp, m.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, folder.resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MailException("cannot write " + mail + " into " + folder, e);
        }
    }
}
