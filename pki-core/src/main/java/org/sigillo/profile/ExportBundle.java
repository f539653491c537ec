package org.sigillo.profile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Export-all for an ente: one ZIP with {@code {code}.p12} per certificate and
 * {@code passwords.txt} ({@code code;password} per line, UTF-8).
 *
 * <p>The passwords file is held as {@code char[]} until {@link #finish()} writes it, never as a
 * String or StringBuilder: each buffer it outgrows is wiped as it is replaced, and the last one,
 * and the bytes it is encoded to, once it is written.
 */
public final class ExportBundle {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8);
    private final long time;
    private char[] passwords = new char[256];
    private int length;

    /** A bundle whose entries are dated {@code at} (the engine's clock, not the machine's). */
    public ExportBundle(Instant at) {
        this.time = at.toEpochMilli();
    }

    private ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(time);
        return e;
    }

    /** Adds one file; reads the password once. */
    public ExportBundle add(String code, byte[] pkcs12, InstallationPassword password) {
        try {
            zip.putNextEntry(entry(code + ".p12"));
            zip.write(pkcs12);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        char[] pw = password.reveal();
        try {
            room(code.length() + 1 + pw.length + 1);
            code.getChars(0, code.length(), passwords, length);
            length += code.length();
            passwords[length++] = ';';
            System.arraycopy(pw, 0, passwords, length, pw.length);
            length += pw.length;
            passwords[length++] = '\n';
        } finally {
            Arrays.fill(pw, '\0');
        }
        return this;
    }

    /** Makes room for {@code more} characters; a buffer outgrown is wiped, not just dropped. */
    private void room(int more) {
        if (more > passwords.length - length) {
            char[] bigger = Arrays.copyOf(passwords, Math.max(2 * passwords.length, length + more));
            Arrays.fill(passwords, '\0');
            passwords = bigger;
        }
    }

    /** Closes the ZIP and returns it; the passwords held for it are wiped, not just dropped. */
    public byte[] finish() {
        // UTF-8 as StandardCharsets.UTF_8.encode did (malformed input replaced), into one array sized
        // for the worst case so the encoder never grows (and drops) a buffer of its own
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] out = new byte[(int) Math.ceil(length * (double) utf8.maxBytesPerChar())];
        try {
            ByteBuffer encoded = ByteBuffer.wrap(out);
            utf8.encode(CharBuffer.wrap(passwords, 0, length), encoded, true);
            utf8.flush(encoded);
            zip.putNextEntry(entry("passwords.txt"));
            zip.write(out, 0, encoded.position());
            zip.closeEntry();
            zip.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(out, (byte) 0);
            Arrays.fill(passwords, '\0');
            length = 0;
        }
    }
}
