package org.sigillo.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regression gate: same-run ratios between our figures and their baselines, each against a
 * minimum from the thresholds file, never absolute times (this machine's speed varies ±20%).
 *
 * <p>Thresholds file (properties):
 * <pre>
 * ratio.NAME = Suite.ours / Suite.baseline[|Suite.otherBaseline] &gt;= MIN
 * flag.NAME  = Suite.method &gt;= MIN        (reported and flagged, never gated)
 * noise.band = 0.20                        (for --baseline comparisons)
 * </pre>
 * Figures pair when their parameters are equal; among several baselines the best one counts,
 * preferring the same thread count. A ratio means "times better", whatever the unit's direction.
 */
public final class Gate {
    private static final Pattern RATIO = Pattern.compile("\\s*(\\w+)\\.(\\w+)\\s*/\\s*([\\w.|]+)\\s*>=\\s*([0-9.eE+-]+)\\s*");
    private static final Pattern FLAG = Pattern.compile("\\s*(\\w+)\\.(\\w+)\\s*>=\\s*([0-9.eE+-]+)\\s*");

    /** Outcome of one ratio for one setting. */
    public enum Status {
        PASS,
        FAIL,
        NOT_MEASURED
    }

    /** One rule of the thresholds file. */
    public record Rule(String name, String suite, String ours, List<String[]> baselines, double min) {
    }

    /** One flagged absolute figure. */
    public record Flag(String name, String suite, String method, double min) {
    }

    /** One evaluated ratio. */
    public record Result(String rule, String setting, Optional<Figure> ours, Optional<Figure> baseline, double ratio, double min,
                         Status status) {
        public String describe() {
            return switch (status) {
                case NOT_MEASURED -> rule + ": not measured";
                default -> String.format("%s [%s]: %s %.4g vs %s %.4g = %.3g (threshold %.3g) %s", rule, setting,
                        ours.orElseThrow().method(), ours.orElseThrow().score(), baseline.orElseThrow().method(),
                        baseline.orElseThrow().score(), ratio, min, status);
            };
        }
    }

    private final List<Rule> rules;
    private final List<Flag> flags;
    private final double noiseBand;

    private Gate(List<Rule> rules, List<Flag> flags, double noiseBand) {
        this.rules = rules;
        this.flags = flags;
        this.noiseBand = noiseBand;
    }

    /**
     * @throws IllegalArgumentException naming the line that does not follow the format
     */
    public static Gate load(Path thresholds) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(thresholds)) {
            p.load(r);
        }
        List<Rule> rules = new ArrayList<>();
        List<Flag> flags = new ArrayList<>();
        for (String key : new TreeMap<>(Map.copyOf(toMap(p))).keySet()) {
            String v = p.getProperty(key);
            if (key.startsWith("ratio.")) {
                Matcher m = RATIO.matcher(v);
                if (!m.matches()) {
                    throw new IllegalArgumentException(thresholds + ": " + key + " must read 'Suite.ours / Suite.base[|Suite.base2] >= MIN', was: " + v);
                }
                List<String[]> bases = new ArrayList<>();
                for (String b : m.group(3).split("\\|")) {
                    String[] parts = b.split("\\.");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException(thresholds + ": " + key + ": baseline '" + b + "' is not Suite.method");
                    }
                    bases.add(parts);
                }
                rules.add(new Rule(key.substring(6), m.group(1), m.group(2), bases, Double.parseDouble(m.group(4))));
            } else if (key.startsWith("flag.")) {
                Matcher m = FLAG.matcher(v);
                if (!m.matches()) {
                    throw new IllegalArgumentException(thresholds + ": " + key + " must read 'Suite.method >= MIN', was: " + v);
                }
                flags.add(new Flag(key.substring(5), m.group(1), m.group(2), Double.parseDouble(m.group(3))));
            } else if (!key.equals("noise.band")) {
                throw new IllegalArgumentException(thresholds + ": unknown key " + key);
            }
        }
        return new Gate(rules, flags, Double.parseDouble(p.getProperty("noise.band", "0.20")));
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    public List<Rule> rules() {
        return rules;
    }

    public double noiseBand() {
        return noiseBand;
    }

    /** Every rule evaluated on the figures of one run. */
    public List<Result> evaluate(List<Figure> figures) {
        List<Result> out = new ArrayList<>();
        for (Rule rule : rules) {
            List<Figure> ours = figures.stream().filter(f -> f.suite().equals(rule.suite()) && f.method().equals(rule.ours())).toList();
            boolean any = false;
            for (Figure o : ours) {
                List<Figure> candidates = figures.stream()
                        .filter(f -> rule.baselines().stream().anyMatch(b -> f.suite().equals(b[0]) && f.method().equals(b[1])))
                        .filter(f -> f.params().equals(o.params()))
                        .toList();
                List<Figure> sameThreads = candidates.stream().filter(f -> f.threads() == o.threads()).toList();
                List<Figure> pool = sameThreads.isEmpty() ? candidates : sameThreads;
                Optional<Figure> best = pool.stream().max(Comparator.comparingDouble(f -> f.timesBetterThan(o)));
                if (best.isEmpty()) {
                    continue;
                }
                any = true;
                double ratio = o.timesBetterThan(best.get());
                out.add(new Result(rule.name(), o.setting(), Optional.of(o), best, ratio, rule.min(),
                        ratio >= rule.min() ? Status.PASS : Status.FAIL));
            }
            if (!any) {
                out.add(new Result(rule.name(), "-", Optional.empty(), Optional.empty(), Double.NaN, rule.min(), Status.NOT_MEASURED));
            }
        }
        return out;
    }

    /** Flagged absolute figures: each with whether it reaches its minimum (reported, never gated). */
    public List<String> flags(List<Figure> figures) {
        List<String> out = new ArrayList<>();
        for (Flag flag : flags) {
            figures.stream().filter(f -> f.suite().equals(flag.suite()) && f.method().equals(flag.method())).forEach(f ->
                    out.add(String.format("%s [%s]: %.4g %s, target %.4g: %s (reported, not gated)", flag.name(), f.setting(),
                            f.score(), f.unit(), flag.min(), f.score() >= flag.min() ? "met" : "FLAGGED, below target")));
        }
        return out;
    }

    /** Changes beyond the noise band against an earlier run (reported, never gated). */
    public List<String> compare(List<Figure> now, List<Figure> before) {
        List<String> out = new ArrayList<>();
        for (Figure f : now) {
            before.stream().filter(b -> b.suite().equals(f.suite()) && b.method().equals(f.method()) && b.params().equals(f.params())
                    && b.threads() == f.threads()).findFirst().ifPresent(b -> {
                        double change = f.timesBetterThan(b) - 1;
                        if (Math.abs(change) > noiseBand) {
                            out.add(String.format("%s.%s [%s]: %.4g -> %.4g %s (%+.0f%%)", f.suite(), f.method(), f.setting(),
                                    b.score(), f.score(), f.unit(), change * 100));
                        }
                    });
        }
        return out;
    }
}
