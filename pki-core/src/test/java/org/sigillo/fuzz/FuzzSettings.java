package org.sigillo.fuzz;

/**
 * Shared limits of the fuzz tests. {@link #MAX_DURATION} is the fuzzing time of one test when
 * it is run with {@code JAZZER_FUZZ=1} and nothing else; the build's {@code fuzz} execution sets
 * the time itself ({@code -Dsigillo.fuzz.seconds}). {@link #TIMEOUT_SECONDS} is the longest one
 * input may take: more is reported as a hang (libFuzzer's {@code -timeout}, JUnit's per seed).
 */
public final class FuzzSettings {
    /** Fuzzing time of a bare {@code JAZZER_FUZZ=1} run. */
    public static final String MAX_DURATION = "10s";
    /** Longest time one input may take. */
    public static final long TIMEOUT_SECONDS = 20;

    private FuzzSettings() {
    }
}
