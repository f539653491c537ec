package org.sigillo.profile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Export-all for an ente: one ZIP with {@code {code}.p12} per certificate and
 * {@code passwords.txt} ({@code code;password} per line).
 */
public final class ExportBundle {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8);
    private final StringBuilder passwords = new StringBuilder();
    private final long time;

    /** A bundle whose entries are dated {@code at} (the engine's clock, not the machine's). */
    public ExportBundle(java.time.Instant at) {
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
            char[] pw = password.reveal();
            passwords.append(code).append(';').append(pw).append('\n');
            java.util.Arrays.fill(pw, '\0');
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the ZIP and returns it; the passwords held for it are wiped, not just dropped. */
    public byte[] finish() {
        char[] text = new char[passwords.length()];
        passwords.getChars(0, text.length, text, 0);
        java.nio.ByteBuffer utf8 = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text));
        byte[] out = new byte[utf8.remaining()];
        utf8.get(out);
        try {
            zip.putNextEntry(entry("passwords.txt"));
            zip.write(out);
            zip.closeEntry();
            zip.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            java.util.Arrays.fill(text, '\0');
            java.util.Arrays.fill(out, (byte) 0);
            java.util.Arrays.fill(utf8.array(), (byte) 0);
            for (int i = 0; i < passwords.length(); i++) {
                passwords.setCharAt(i, '\0');
            }
            passwords.setLength(0);
        }
    }
}
