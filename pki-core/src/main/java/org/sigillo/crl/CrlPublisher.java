package org.sigillo.crl;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.ContentSigner;

/**
 * Publishes CRLs to stable paths in one directory, so that readers (web server, OCSP, relying
 * parties) only ever see a whole old CRL or a whole new one: full CRLs as {@code <name>.crl}
 * (DER) and {@code <name>.pem}, delta CRLs as {@code <name>-delta.crl} and
 * {@code <name>-delta.pem}. Each file is written to a temporary file in the same directory,
 * forced to disk, atomically renamed over the old one, and the directory is then forced
 * where the platform allows it.
 */
public final class CrlPublisher {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int IO_BUFFER = 1 << 16;

    private final Path directory;
    private final String name;
    private final StreamingCrlWriter writer;

    /**
     * @param directory an existing directory to publish into
     * @param name the base file name: letters, digits, '.', '_' or '-', not starting with '.'
     * @param writer the CRL writer
     */
    public CrlPublisher(Path directory, String name, StreamingCrlWriter writer) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = Objects.requireNonNull(name, "name");
        this.writer = Objects.requireNonNull(writer, "writer");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad CRL publication name: '" + name + "'");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("CRL publication directory does not exist: " + directory);
        }
    }

    /**
     * Signs, writes and atomically publishes one CRL under the full or delta names, as its
     * header's scope says, unless the file there already holds a CRL of the same CA (same
     * authority key identifier) with a number as high or higher: then the files are left as they
     * are and the result says {@link PublishedCrl#superseded()}.
     *
     * @throws IOException if writing, signing or renaming fails (the old files then stay)
     */
    public PublishedCrl publish(CrlHeader header, CrlEntries entries, ContentSigner signer) throws IOException {
        String stem = header.scope() instanceof CrlScope.Delta ? name + "-delta" : name;
        Path der = directory.resolve(stem + ".crl");
        Path pem = directory.resolve(stem + ".pem");
        Path derTemp = publicTempFile(directory, "." + stem + "-", ".crl.tmp");
        Path pemTemp = null;
        try {
            long length;
            try (FileChannel channel = FileChannel.open(derTemp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), IO_BUFFER);
                length = writer.write(header, entries, signer, out);
                out.flush();
                channel.force(true);
            }
            pemTemp = publicTempFile(directory, "." + stem + "-", ".pem.tmp");
            writePem(derTemp, pemTemp);
            Path pemReady = pemTemp;
            // Engines sharing this folder sign at their own pace: the one that took the lower
            // number may come to its renames last. Under the folder's lock for this name, a file
            // that already holds a newer CRL of the same CA is left in place (a CRL number on disk
            // never goes back, and a delta's base is never newer than the full CRL beside it).
            return locked(() -> {
                if (numberOf(der, header.authorityKeyId()).compareTo(header.crlNumber()) >= 0) {
                    return new PublishedCrl(der, pem, length, true);
                }
                move(derTemp, der);
                move(pemReady, pem);
                forceDirectory();
                return new PublishedCrl(der, pem, length);
            });
        } finally {
            Files.deleteIfExists(derTemp);
            if (pemTemp != null) {
                Files.deleteIfExists(pemTemp);
            }
        }
    }

    /**
     * Repairs what a crash between the two renames of {@link #publish} leaves: the DER file (renamed
     * first) holding a newer CRL than the PEM file, until the next publication. For the full and the
     * delta names, rewrites the PEM from the DER file when they differ, atomically like a publication;
     * whether they differ is read from the files' lengths and last lines, not by re-encoding.
     *
     * @return how many PEM files were rewritten
     */
    public int realignPem() throws IOException {
        int rewritten = 0;
        for (String stem : new String[] {name, name + "-delta"}) {
            Path der = directory.resolve(stem + ".crl");
            Path pem = directory.resolve(stem + ".pem");
            // under the name's lock: another engine's publication never renames between the read and the rename
            boolean done = locked(() -> {
                if (!Files.exists(der)) {
                    return false;
                }
                if (Files.exists(pem) && inStep(der, pem)) {
                    return false;
                }
                Path pemTemp = publicTempFile(directory, "." + stem + "-", ".pem.tmp");
                try {
                    writePem(der, pemTemp);
                    move(pemTemp, pem);
                    forceDirectory();
                    return true;
                } finally {
                    Files.deleteIfExists(pemTemp);
                }
            });
            if (done) {
                rewritten++;
            }
        }
        return rewritten;
    }

    /** What runs under {@link #locked}. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    /** The monitors of this JVM, one per lock file (a JVM may not hold two file locks on one file). */
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /**
     * Runs {@code action} holding the lock of this CA's names in this folder (full and delta),
     * against the other threads of this JVM (a monitor) and other processes (an OS lock on the
     * file {@code .<name>.lock}, which stays in the folder).
     */
    private <T> T locked(Locked<T> action) throws IOException {
        Path lockFile = directory.toRealPath().resolve("." + name + ".lock");
        synchronized (MONITORS.computeIfAbsent(lockFile, k -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
    }

    /**
     * The CRL number of the CRL in {@code der} when it is a CRL of the CA whose key identifier is
     * {@code keyId}; -1 when there is no such file, it is another CA's (a CA key renewed: its
     * numbers start again) or it cannot be read (it is then replaced). Reads only the headers of
     * the outer structures and the extensions, so a CRL of tens of megabytes costs a few reads.
     */
    static BigInteger numberOf(Path der, byte[] keyId) {
        BigInteger none = BigInteger.ONE.negate();
        if (!Files.isRegularFile(der)) {
            return none;
        }
        try (FileChannel ch = FileChannel.open(der, StandardOpenOption.READ)) {
            long[] outer = tlv(ch, 0);
            if (outer[0] != 0x30) {
                return none;
            }
            long[] tbs = tlv(ch, outer[1]);
            if (tbs[0] != 0x30) {
                return none;
            }
            long end = tbs[1] + tbs[2];
            for (long pos = tbs[1]; pos < end; ) {
                long[] field = tlv(ch, pos);
                long next = field[1] + field[2];
                if (field[0] == 0xA0) { // [0] EXPLICIT Extensions, the last field
                    if (next - pos > 1 << 20) {
                        return none;
                    }
                    byte[] bytes = new byte[(int) (next - pos)];
                    readFully(ch, pos, bytes);
                    Extensions exts = Extensions.getInstance(
                            ASN1TaggedObject.getInstance(bytes), true);
                    AuthorityKeyIdentifier aki =
                            AuthorityKeyIdentifier.fromExtensions(exts);
                    Extension number = exts.getExtension(Extension.cRLNumber);
                    if (aki == null || number == null || !Arrays.equals(aki.getKeyIdentifier(), keyId)) {
                        return none;
                    }
                    return ASN1Integer.getInstance(number.getParsedValue()).getValue();
                }
                pos = next;
            }
            return none;
        } catch (IOException | RuntimeException unreadable) {
            return none;
        }
    }

    /** The tag, the content's offset and the content's length of the DER element at {@code pos}. */
    private static long[] tlv(FileChannel ch, long pos) throws IOException {
        byte[] head = new byte[2];
        readFully(ch, pos, head);
        int first = head[1] & 0xFF;
        if (first < 0x80) {
            return new long[] {head[0] & 0xFF, pos + 2, first};
        }
        int n = first & 0x7F;
        if (n == 0 || n > 7) {
            throw new IOException("unsupported DER length form");
        }
        byte[] len = new byte[n];
        readFully(ch, pos + 2, len);
        long length = 0;
        for (byte b : len) {
            length = (length << 8) | (b & 0xFF);
        }
        if (pos + 2 + n + length > ch.size()) {
            throw new IOException("DER element longer than the file");
        }
        return new long[] {head[0] & 0xFF, pos + 2 + n, length};
    }

    /**
     * Deletes the temporary files that a publication killed half-way left behind under this CA's
     * names ({@code .<name>-*.crl.tmp}, {@code .<name>-*.pem.tmp}, and the delta's), when they
     * were last written before {@code cutoff}: a newer one may be another engine's publication in
     * progress in the same folder. Files of other names are never touched.
     *
     * @return how many were deleted
     */
    public int removeStaleTemporaries(Instant cutoff) throws IOException {
        int removed = 0;
        // exactly what publish() makes: "." + stem + "-" + the JDK's random digits + suffix
        Pattern ours = Pattern.compile(
                "\\." + Pattern.quote(name) + "(-delta)?-[0-9]+\\.(crl|pem)\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "." + name + "-*.tmp")) {
            for (Path f : files) {
                if (ours.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)
                        && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static final byte[] PEM_HEADER = "-----BEGIN X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEM_FOOTER = "\n-----END X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether the PEM file is the encoding {@link #writePem} makes of the DER file, read cheaply
     * (the engine checks this at every start, and a CRL may be tens of megabytes): the PEM's
     * length must be the one the DER's length gives, and its last lines must decode to the DER's
     * last bytes, which hold the CRL's signature (two different CRLs never share it).
     */
    private static boolean inStep(Path der, Path pem) throws IOException {
        long n = Files.size(der);
        if (n == 0 || Files.size(pem) != PEM_HEADER.length + base64WithNewlines(n) + PEM_FOOTER.length) {
            return false;
        }
        long from = Math.max(0, (n - 96) / 48 * 48); // a line boundary: 48 bytes make one 64-character line
        int tail = (int) (n - from);
        byte[] derTail = new byte[tail];
        byte[] pemTail = new byte[(int) base64WithNewlines(tail)];
        try (FileChannel d = FileChannel.open(der, StandardOpenOption.READ);
             FileChannel p = FileChannel.open(pem, StandardOpenOption.READ)) {
            readFully(d, from, derTail);
            readFully(p, PEM_HEADER.length + from / 48 * 65, pemTail);
        }
        try {
            return Arrays.equals(derTail, Base64.getMimeDecoder().decode(pemTail));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** The length of the 64-character-line base64 of {@code bytes} bytes, newlines between lines. */
    private static long base64WithNewlines(long bytes) {
        long chars = (bytes + 2) / 3 * 4;
        return chars + Math.max(0, (chars + 63) / 64 - 1);
    }

    private static void readFully(FileChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException("file shorter than its size");
            }
        }
    }

    /** Streams the DER file into a PEM file ("X509 CRL", 64-character lines) and forces it. */
    private static void writePem(Path der, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(der);
                FileChannel channel = FileChannel.open(pem, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), IO_BUFFER);
            out.write(PEM_HEADER);
            OutputStream base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).wrap(new NonClosing(out));
            in.transferTo(base64);
            base64.close(); // writes the final padding, leaves out open
            out.write(PEM_FOOTER);
            out.flush();
            channel.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system of " + to + " cannot rename atomically; CRL not published", e);
        }
    }

    /** Makes the renames durable; some platforms (Windows) cannot open a directory, which is fine. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the renames are atomic already, only their durability waits for the OS
        }
    }

    /** Lets the Base64 wrapper be closed (to flush its padding) without closing the file. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /**
     * A temporary file readable by everyone: a CRL is public, and the web server that publishes
     * it runs as another user ({@code createTempFile} alone makes it owner-only, 0600). The mode
     * is set again once the file exists: the one asked at creation is filtered by the process's
     * umask (077 or 027 on hardened hosts), which would leave every new CRL unreadable to it.
     */
    private static Path publicTempFile(Path directory, String prefix, String suffix) throws IOException {
        Set<PosixFilePermission> rwrr =
                PosixFilePermissions.fromString("rw-r--r--");
        Path file;
        try {
            file = Files.createTempFile(directory, prefix, suffix, PosixFilePermissions.asFileAttribute(rwrr));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(directory, prefix, suffix);
        }
        try {
            Files.setPosixFilePermissions(file, rwrr);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
