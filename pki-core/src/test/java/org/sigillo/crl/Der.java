package org.sigillo.crl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal raw DER walker for tests: it slices the exact bytes an encoder emitted, so that
 * comparisons are not normalised by re-encoding parsed ASN.1 objects.
 */
final class Der {

    private Der() {
    }

    /** The complete TLVs (tag, length, value) directly inside the TLV that starts at 0. */
    static List<byte[]> children(byte[] tlv) {
        int[] header = header(tlv, 0);
        int pos = header[0];
        int end = header[0] + header[1];
        if (end != tlv.length) {
            throw new AssertionError("TLV length " + end + " != array length " + tlv.length);
        }
        List<byte[]> children = new ArrayList<>();
        while (pos < end) {
            int[] child = header(tlv, pos);
            int childEnd = child[0] + child[1];
            children.add(Arrays.copyOfRange(tlv, pos, childEnd));
            pos = childEnd;
        }
        if (pos != end) {
            throw new AssertionError("children overrun their parent");
        }
        return children;
    }

    /** {contents offset, contents length} of the TLV at {@code pos}; definite lengths only. */
    private static int[] header(byte[] der, int pos) {
        int p = pos + 1;
        int first = der[p++] & 0xFF;
        if (first < 0x80) {
            return new int[] {p, first};
        }
        int octets = first & 0x7F;
        if (octets == 0 || octets > 4) {
            throw new AssertionError("not a DER definite length: 0x" + Integer.toHexString(first));
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[p++] & 0xFF);
        }
        return new int[] {p, length};
    }
}
