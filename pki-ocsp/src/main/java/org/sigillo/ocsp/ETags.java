package org.sigillo.ocsp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Strong HTTP entity tags: the first 128 bits of SHA-256 over the response, in hex, quoted. */
final class ETags {
    private ETags() {
    }

    static String of(byte[] der) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(der);
            return '"' + HexFormat.of().formatHex(h, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
