package org.sigillo.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        try (Staged staged = new Staged(target)) {
            staged.write(data);
            staged.publish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A file written in two steps: {@link #write} puts the bytes, whole and synced, in a temporary
     * file beside the target; {@link #publish} renames it into place. Closed unpublished, the
     * temporary file is deleted. An export is staged before the engine audits it and published
     * after, so the audit log records only exports that were written.
     */
    static final class Staged implements AutoCloseable {
        private final Path target;
        private Path tmp;

        Staged(Path target) {
            this.target = target;
        }

        /** Writes {@code data} to the temporary file; an I/O failure comes as {@link UncheckedIOException}. */
        void write(byte[] data) {
            if (Files.isDirectory(target)) {
                // the rename into place would fail after the engine audited the export
                throw new IllegalArgumentException(target + " is a folder: --out names the file to write");
            }
            try {
                Path dir = target.toAbsolutePath().getParent();
                try {
                    tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp"); // the folder's own protection applies
                }
                // a FileOutputStream, as for the envelopes (PeopleCommands.writeEnvelope): its native write
                // copies through a stack buffer, where a channel would keep the bytes in a cached direct buffer
                try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                    out.write(data);
                    out.getFD().sync();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Renames the written file into place. */
        void publish() throws IOException {
            if (tmp == null) {
                throw new IllegalStateException("nothing written for " + target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        }

        /** Deletes the temporary file if it was not published. */
        @Override
        public void close() throws IOException {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
                tmp = null;
            }
        }
    }
}
