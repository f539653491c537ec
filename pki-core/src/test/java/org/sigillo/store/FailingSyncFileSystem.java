package org.sigillo.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system for tests ({@code sigillo-failsync:}) that passes everything through to the
 * one beneath it, counts the fsyncs of the database file ({@code .mv.db}), and, once told to,
 * fails them the way a dying disk does ({@code IOException} from {@code force}), then counts
 * the bytes still written to that file. H2 keeps its file systems in a registry of its own, so
 * the switches are static; only the test that sets them uses this scheme.
 */
public final class FailingSyncFileSystem extends FilePathWrapper {
    static final String PREFIX = "retry:sigillo-failsync:";
    private static final AtomicBoolean FAILING = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong SYNCS = new AtomicLong();
    private static final AtomicLong BYTES_AFTER_FAILURE = new AtomicLong();

    /** Registers the scheme with H2 (idempotent) and clears the switches. */
    static void install() {
        FilePath.register(new FailingSyncFileSystem());
        FAILING.set(false);
        FAILED.set(false);
        SYNCS.set(0);
        BYTES_AFTER_FAILURE.set(0);
    }

    /** From now on every fsync of the database file fails. */
    static void failSyncs() {
        FAILING.set(true);
    }

    /** Successful fsyncs of the database file so far. */
    static long syncs() {
        return SYNCS.get();
    }

    /** Whether an fsync has failed. */
    static boolean failed() {
        return FAILED.get();
    }

    /** Bytes written to the database file after the first failed fsync. */
    static long bytesWrittenAfterFailure() {
        return BYTES_AFTER_FAILURE.get();
    }

    @Override
    public String getScheme() {
        return "sigillo-failsync";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode), name.endsWith(".mv.db"));
    }

    private static final class Channel extends FileBase {
        private final FileChannel base;
        private final boolean database;

        Channel(FileChannel base, boolean database) {
            this.base = base;
            this.database = database;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (database && FAILING.get()) {
                FAILED.set(true);
                throw new IOException("Input/output error (injected by the test)");
            }
            base.force(metaData);
            if (database) {
                SYNCS.incrementAndGet();
            }
        }

        private int written(int bytes) {
            if (database && FAILED.get()) {
                BYTES_AFTER_FAILURE.addAndGet(bytes);
            }
            return bytes;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return written(base.write(src));
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return written(base.write(src, position));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
