package org.sigillo.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.sigillo.hsm.KeySpec;

/**
 * How an engine runs, settled once at start.
 *
 * @param clock            the only source of time
 * @param endEntityKeys    key kind generated for workstation and server certificates
 * @param crlValidity      nextUpdate - thisUpdate of every CRL
 * @param renewalWindow    server certificates closer than this to notAfter are renewed by the batch
 * @param crlDirectory     where CRL files are published
 * @param batchThreads     how many threads sign in parallel in a batch
 * @param batchChunk       the most issued certificates recorded per transaction
 * @param batchGroup       the fewest: the batch records once this many more are signed (or all the
 *                         rest are), so that each commit carries a group, not a certificate or two
 * @param actor            who the audit log names for operations without another actor
 */
public record EngineSettings(Clock clock, KeySpec endEntityKeys, Duration crlValidity, Duration renewalWindow,
                             Path crlDirectory, int batchThreads, int batchChunk, int batchGroup,
                             String actor) {
    /**
     * The default {@link #batchGroup}. Each H2 commit rewrites every page it touches whole, so a
     * commit of 32 certificates costs far less per certificate than one of 7, which is what the
     * recording thread took when it recorded whatever was signed (pki-bench/README.md); the cost
     * is that a batch's last group of up to 32 is recorded after the signing has ended.
     */
    public static final int DEFAULT_BATCH_GROUP = 32;

    public EngineSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(endEntityKeys, "endEntityKeys");
        Objects.requireNonNull(crlDirectory, "crlDirectory");
        Objects.requireNonNull(actor, "actor");
        if (crlValidity.isNegative() || crlValidity.isZero()) {
            throw new IllegalArgumentException("CRL validity must be positive, was " + crlValidity);
        }
        if (renewalWindow.isNegative() || renewalWindow.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("renewal window must be 0..365 days, was " + renewalWindow);
        }
        if (batchThreads < 1 || batchThreads > 256) {
            throw new IllegalArgumentException("batch threads must be 1..256, was " + batchThreads);
        }
        if (batchChunk < 1 || batchChunk > 10_000) {
            throw new IllegalArgumentException("batch chunk must be 1..10000, was " + batchChunk);
        }
        if (batchGroup < 1 || batchGroup > batchChunk) {
            throw new IllegalArgumentException("batch group must be 1.." + batchChunk + " (the chunk), was " + batchGroup);
        }
    }

    /**
     * Defaults: EC P-256 end-entity keys, 1-day CRLs, 60-day server renewal window, at least 2
     * signing threads, certificates recorded {@value #DEFAULT_BATCH_GROUP} to 200 per transaction.
     */
    public static EngineSettings defaults(Clock clock, Path crlDirectory, String actor) {
        return new EngineSettings(clock, KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60), crlDirectory,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 200, DEFAULT_BATCH_GROUP, actor);
    }
}
