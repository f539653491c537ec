package org.sigillo.store;

/** How the audit chain was found broken by {@link AuditLog#verify()}. */
public enum AuditBreak {
    /** An entry's stored hash is not the hash of its contents: a field (or the hash) was changed. */
    ALTERED,
    /** An entry is missing in the middle (a sequence number is skipped, or the log does not start at 1). */
    GAP,
    /** An entry links to an entry other than its predecessor: entries were swapped or moved. */
    REORDERED,
    /** An entry is self-consistent but its prev_hash is not its predecessor's hash (a rewritten entry before it). */
    BAD_LINK,
    /** The log ends before the anchor's last sequence number: entries were deleted from the tail. */
    TRUNCATED,
    /** The anchor row is missing, or disagrees with the last entry, or entries exist beyond it. */
    HEAD_MISMATCH,
    /**
     * The chain verifies on its own but no longer passes through an {@link AuditCheckpoint} kept
     * outside the database: entries up to it were rewritten with their hashes recomputed, or the
     * tail was cut below it and the anchor moved back.
     */
    CHECKPOINT_MISMATCH
}
