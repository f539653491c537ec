package org.sigillo.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

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
    private final Supplier<String> ids;

    EmlFolderMailer(Path folder, Clock clock) {
        this(folder, clock, () -> UUID.randomUUID().toString());
    }

    /** With the message ids from {@code ids} (tests: a known id, to place an obstacle at its name). */
    EmlFolderMailer(Path folder, Clock clock, Supplier<String> ids) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public void send(Mail mail) {
        String id = ids.get();
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
        } catch (IOException e) {
            throw new MailException("cannot write " + mail + " into " + folder, e);
        }
        Path tmp = folder.resolve("." + id + ".tmp");
        try {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp); // a non-POSIX file system: the folder's own protection applies
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(m.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true); // on the disk before it has its name: a crash leaves no empty message
            }
            Files.move(tmp, folder.resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the temporary file holds secret halves: it does not stay behind a failed send
            MailException failure = new MailException("cannot write " + mail + " into " + folder, e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }
}
