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
 * @param batchChunk       how many issued certificates are recorded per transaction
 * @param actor            who the audit log names for operations without another actor
 */
public record EngineSettings(Clock clock, KeySpec endEntityKeys, Duration crlValidity, Duration renewalWindow,
                             Path crlDirectory, int batchThreads, int batchChunk, String actor) {
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
    }

    /** Defaults: EC P-256 end-entity keys, 1-day CRLs, 60-day server renewal window, 2 signing threads. */
    public static EngineSettings defaults(Clock clock, Path crlDirectory, String actor) {
        return new EngineSettings(clock, KeySpec.EC_P256, Duration.ofDays(1), Duration.ofDays(60), crlDirectory,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 200, actor);
    }
}
