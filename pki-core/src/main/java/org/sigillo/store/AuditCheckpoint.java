package org.sigillo.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A head of the audit chain (the entry count and the last entry's hash) that an operator keeps
 * outside the database, printed as {@code SEQ:HASH}. {@link AuditLog#verify(AuditCheckpoint)}
 * proves that the chain still passes through it: someone with SQL access who cut the tail and
 * moved the anchor back, or rewrote entries and recomputed every hash after them, leaves a chain
 * that verifies on its own but no longer reaches a checkpoint taken before.
 *
 * @param seq  the number of entries at the time (0 for an empty log)
 * @param hash the hash of entry {@code seq}, 64 lowercase hexadecimal digits (64 zeros for 0)
 */
public record AuditCheckpoint(long seq, String hash) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** Checks the fields; a malformed checkpoint is refused with {@link IllegalArgumentException}. */
    public AuditCheckpoint {
        Objects.requireNonNull(hash, "hash");
        if (seq < 0) {
            throw new IllegalArgumentException("audit checkpoint: the entry count must be 0 or more, was " + seq);
        }
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("audit checkpoint: the hash must be 64 lowercase hexadecimal digits");
        }
        if (seq == 0 && !hash.equals(AuditHashing.ZERO_HASH)) {
            throw new IllegalArgumentException("audit checkpoint: an empty log's hash is 64 zeros");
        }
    }

    /**
     * Parses {@code SEQ:HASH}, as {@link #toString()} prints it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static AuditCheckpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon > 18 || !text.substring(0, colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("audit checkpoint '" + abbreviated(text)
                    + "' is not SEQ:HASH (an entry count, a colon, 64 hexadecimal digits)");
        }
        return new AuditCheckpoint(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
