package org.sigillo.bench.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One JMH result: suite (benchmark class), method, parameters, threads, score with its error
 * and unit. Throughput units (".../s") are higher-better, time units lower-better.
 */
public record Figure(String suite, String method, Map<String, String> params, int threads, double score, double error,
                     String unit) {
    public Figure {
        params = Map.copyOf(new TreeMap<>(params));
    }

    public boolean higherIsBetter() {
        return unit.endsWith("/s") || unit.endsWith("/ms") || unit.endsWith("/us") || unit.endsWith("/min");
    }

    /** Parameters and threads, the key two figures must share to be compared. */
    public String setting() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        return sb.append("t=").append(threads).toString();
    }

    /** How many times better than {@code other} (same unit), whatever the direction of the unit. */
    public double timesBetterThan(Figure other) {
        return higherIsBetter() ? score / other.score : other.score / score;
    }
}
