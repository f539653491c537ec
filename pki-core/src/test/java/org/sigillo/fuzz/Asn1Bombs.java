package org.sigillo.fuzz;

import java.io.ByteArrayOutputStream;

/** Builders of hostile ASN.1: deeply nested SEQUENCEs (definite and indefinite length) and oversized elements. */
public final class Asn1Bombs {
    private Asn1Bombs() {
    }

    /**
     * {@code depth} SEQUENCEs each holding the next one, the innermost empty, with DER
     * (definite, minimal) lengths. Built in one pass from the outside in.
     */
    public static byte[] nestedDefinite(int depth) {
        // content length of each level, innermost (index depth-1) first
        long[] content = new long[depth];
        long inner = 0;
        for (int i = depth - 1; i >= 0; i--) {
            content[i] = inner;
            inner = inner + headerLength(inner);
        }
        byte[] out = new byte[(int) inner];
        int p = 0;
        for (int i = 0; i < depth; i++) {
            p = writeHeader(out, p, 0x30, content[i]);
        }
        return out;
    }

    /** {@code depth} SEQUENCEs of indefinite length ({@code 30 80 ... 00 00}), BER. */
    public static byte[] nestedIndefinite(int depth) {
        byte[] out = new byte[depth * 4];
        for (int i = 0; i < depth; i++) {
            out[2 * i] = 0x30;
            out[2 * i + 1] = (byte) 0x80;
        }
        return out; // the end-of-contents octets are the zeros of the second half
    }

    /** One element of {@code tag} whose header claims {@code length} content octets followed by {@code actual} zero octets. */
    public static byte[] element(int tag, long length, int actual) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(actual + 8);
        byte[] header = new byte[10];
        int n = writeHeader(header, 0, tag, length);
        out.write(header, 0, n);
        out.write(new byte[actual], 0, actual);
        return out.toByteArray();
    }

    private static int headerLength(long contentLength) {
        if (contentLength < 0x80) {
            return 2;
        }
        int bytes = 0;
        for (long v = contentLength; v > 0; v >>>= 8) {
            bytes++;
        }
        return 2 + bytes;
    }

    private static int writeHeader(byte[] out, int p, int tag, long length) {
        out[p++] = (byte) tag;
        if (length < 0x80) {
            out[p++] = (byte) length;
            return p;
        }
        int bytes = headerLength(length) - 2;
        out[p++] = (byte) (0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out[p++] = (byte) (length >>> (8 * i));
        }
        return p;
    }
}
