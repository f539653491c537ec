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

    /** Adds one file; reads the password once. */
    public ExportBundle add(String code, byte[] pkcs12, InstallationPassword password) {
        try {
            zip.putNextEntry(new ZipEntry(code + ".p12"));
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

    /** Closes the ZIP and returns it. */
    public byte[] finish() {
        try {
            zip.putNextEntry(new ZipEntry("passwords.txt"));
            zip.write(passwords.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.close();
            passwords.setLength(0);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
