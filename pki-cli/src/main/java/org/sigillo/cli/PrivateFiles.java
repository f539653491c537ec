package org.sigillo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file that holds secrets (a PKCS#12 with its key, an export ZIP with its passwords):
 * readable by its owner only from its first byte, written whole to a temporary file beside it,
 * forced to the disk and then renamed into place, so a reader never sees half a file and a
 * failure (a full disk) leaves no partial file behind and the old one, if any, as it was.
 */
final class PrivateFiles {
    private PrivateFiles() {
    }

    /** Writes {@code data} to {@code target} as described; the folder must exist. */
    static void write(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp"); // the folder's own protection applies
        }
        try {
            // a FileOutputStream, as for the envelopes (PeopleCommands.writeEnvelope): its native write
            // copies through a stack buffer, where a channel would keep the bytes in a cached direct buffer
            try (java.io.FileOutputStream out = new java.io.FileOutputStream(tmp.toFile())) {
                out.write(data);
                out.getFD().sync();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
