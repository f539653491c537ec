package org.sigillo.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a JMH JSON result file into {@link Figure}s. */
public final class JmhResults {
    private JmhResults() {
    }

    /** A result file that cannot be read as JMH JSON; the message names the file and the problem. */
    public static final class MalformedResultsException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResultsException(Path file, String problem, Throwable cause) {
            super(file + ": " + problem, cause);
        }
    }

    public static List<Figure> read(Path file) throws MalformedResultsException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MalformedResultsException(file, "cannot be read: " + e.getMessage(), e);
        }
        Object root;
        try {
            root = MiniJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedResultsException(file, e.getMessage(), e);
        }
        if (!(root instanceof List<?> runs)) {
            throw new MalformedResultsException(file, "the top level is not a JSON array of JMH results", null);
        }
        List<Figure> out = new ArrayList<>();
        int i = 0;
        for (Object run : runs) {
            try {
                out.add(figure((Map<?, ?>) run));
            } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
                throw new MalformedResultsException(file, "result #" + i + " lacks benchmark, threads or primaryMetric "
                        + "(score, scoreError, scoreUnit): " + e, e);
            }
            i++;
        }
        return out;
    }

    private static Figure figure(Map<?, ?> run) {
        String benchmark = (String) run.get("benchmark");
        int dot = benchmark.lastIndexOf('.');
        String fqcn = benchmark.substring(0, dot);
        String suite = fqcn.substring(fqcn.lastIndexOf('.') + 1);
        Map<String, String> params = new LinkedHashMap<>();
        if (run.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
        double score = ((Number) metric.get("score")).doubleValue();
        Object err = metric.get("scoreError");
        double error = err instanceof Number n ? n.doubleValue() : Double.NaN;
        return new Figure(suite, benchmark.substring(dot + 1), params, ((Number) run.get("threads")).intValue(), score, error,
                (String) metric.get("scoreUnit"));
    }
}
