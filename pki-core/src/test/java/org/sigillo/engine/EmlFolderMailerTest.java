package org.sigillo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigillo.registry.EmailAddress;

/**
 * The default mailer writes each message whole and owner-only, and a message it cannot put in
 * place leaves no temporary file behind: the file carries a secret half of a PIN or PUK.
 */
class EmlFolderMailerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final Mail MAIL = new Mail(EmailAddress.parse("mario.rossi@comune.roma.it"), "PIN",
            "second half: 4711\nkeep it");

    @Test
    void aMessageIsWrittenWholeAndOwnerOnly(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("mail");
        new EmlFolderMailer(folder, CLOCK, () -> "m-1").send(MAIL);
        Path eml = folder.resolve("m-1.eml");
        String text = Files.readString(eml, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("From: "), text);
        assertTrue(text.contains("To: mario.rossi@comune.roma.it\r\n"), text);
        assertTrue(text.endsWith("\r\n\r\nsecond half: 4711\r\nkeep it"), text);
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(eml));
        assertEquals(List.of(eml), list(folder), "nothing else is left in the folder");
    }

    @Test
    void aMessageThatCannotBePutInPlaceLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("mail");
        Path obstacle = folder.resolve("m-2.eml"); // a non-empty folder holds the message's name
        Files.createDirectories(obstacle);
        Files.writeString(obstacle.resolve("keep"), "x");

        Mailer.MailException x = assertThrows(Mailer.MailException.class,
                () -> new EmlFolderMailer(folder, CLOCK, () -> "m-2").send(MAIL));
        assertTrue(x.getMessage().contains(folder.toString()), x.getMessage());
        assertEquals(List.of(obstacle), list(folder), "the temporary file with the secret half is gone");
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
