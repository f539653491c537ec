package org.sigillo.hsm;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of a health check: a real signature made with the key and verified with its
 * public half.
 *
 * @param healthy whether the test signature was made and verified
 * @param took    how long it took
 * @param failure what went wrong when not healthy
 */
public record HealthStatus(boolean healthy, Duration took, Optional<HsmException> failure) {
}
