package org.sigillo.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an offline compaction of the embedded store did ({@link Database#compactH2(Path)}): the
 * database file and its size before and after.
 *
 * @param file        the H2 database file ({@code sigillo.mv.db})
 * @param bytesBefore its size before the compaction
 * @param bytesAfter  its size after it
 */
public record FileCompaction(Path file, long bytesBefore, long bytesAfter) {
    public FileCompaction {
        Objects.requireNonNull(file, "file");
        if (bytesBefore < 0 || bytesAfter < 0) {
            throw new IllegalArgumentException("sizes must not be negative: " + bytesBefore + ", " + bytesAfter);
        }
    }
}
