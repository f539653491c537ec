package org.sigillo.store;

import java.time.Instant;

/**
 * One stored audit log entry: the event, its place in the chain and its hashes (lower-case hex SHA-256).
 *
 * @param seq       position in the log, 1, 2, 3, ... without gaps
 * @param timestamp when it was appended (from the injected clock, microsecond precision)
 * @param event     what happened
 * @param prevHash  hash of entry {@code seq - 1}, or 64 zeros for the first entry
 * @param hash      SHA-256 over the canonical encoding of all the above (see {@link AuditLog})
 */
public record AuditEntry(long seq, Instant timestamp, AuditEvent event, String prevHash, String hash) {
}
