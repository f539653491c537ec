package org.sigillo.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical, unambiguous encoding hashed into each audit entry:
 * {@code "sigillo-audit-v1"}, seq (8 bytes big-endian), epoch seconds (8 bytes) and nanos (4 bytes)
 * of the timestamp, then actor, action code, subject and details each as a 4-byte big-endian length
 * followed by their UTF-8 bytes, then the 32 bytes of prev_hash. Lengths make every field boundary
 * explicit, so no two different entries encode alike.
 */
final class AuditHashing {

    static final String ZERO_HASH = "0".repeat(64);
    private static final byte[] DOMAIN = "sigillo-audit-v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private AuditHashing() {
    }

    static String hash(long seq, Instant ts, AuditEvent e, String prevHashHex) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
        md.update(DOMAIN);
        ByteBuffer fixed = ByteBuffer.allocate(20);
        fixed.putLong(seq).putLong(ts.getEpochSecond()).putInt(ts.getNano());
        md.update(fixed.array());
        field(md, e.actor());
        field(md, e.action().code());
        field(md, e.subject());
        field(md, e.details());
        md.update(HEX.parseHex(prevHashHex));
        return HEX.formatHex(md.digest());
    }

    private static void field(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    /** True when {@code s} is 64 lower-case hex digits. */
    static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
