package org.sigillo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Writes and reads PEM certificates. */
final class Pem {
    private Pem() {
    }

    static String encode(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, X509Certificate c) {
        try {
            Files.writeString(file, encode(c), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** PEM or DER bytes of a certificate, as DER. */
    static byte[] readCertificate(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.US_ASCII);
            int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
            if (begin < 0) {
                return raw;
            }
            int end = text.indexOf("-----END CERTIFICATE-----", begin);
            if (end < 0) {
                throw new IllegalArgumentException(file + ": PEM certificate without an END line");
            }
            return Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
