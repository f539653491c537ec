package org.sigillo.der;

/**
 * DER tags and definite lengths written straight into a byte buffer (X.690 8.1.3): the short
 * form below 128, the long form with the fewest length octets above. Shared by the CRL writer
 * and the certificate encoder.
 */
public final class DerLength {
    private DerLength() {
    }

    /** Writes a DER tag and definite length at {@code p}; returns the position after them. */
    public static int writeHeader(byte[] buf, int p, int tag, long length) {
        buf[p++] = (byte) tag;
        if (length < 0x80) {
            buf[p++] = (byte) length;
            return p;
        }
        int octets = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        buf[p++] = (byte) (0x80 | octets);
        for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
            buf[p++] = (byte) (length >>> shift);
        }
        return p;
    }

    /** The length of a TLV whose contents are {@code contentLength} bytes long. */
    public static long tlvLength(long contentLength) {
        int header = contentLength < 0x80 ? 2 : 2 + (64 - Long.numberOfLeadingZeros(contentLength) + 7) / 8;
        return header + contentLength;
    }
}
