package org.sigillo.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a JMH JSON run into {@code summary.md} and charts, and gates it:
 * {@code --json F [--json F2 ...] --out DIR --thresholds FILE [--baseline OLD.json]}. Exit 0 when every measured
 * ratio passes, 1 naming each one that fell below its threshold, 2 for unreadable input.
 */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<Path> jsons = new ArrayList<>();
        Path out = null;
        Path thresholds = null;
        Path baseline = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--json" -> jsons.add(Path.of(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                case "--thresholds" -> thresholds = Path.of(args[i + 1]);
                case "--baseline" -> baseline = Path.of(args[i + 1]);
                default -> {
                    System.err.println("bench report: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (jsons.isEmpty() || out == null || thresholds == null) {
            System.err.println("usage: ReportMain --json F [--json F2 ...] --out DIR --thresholds FILE [--baseline OLD.json]");
            return 2;
        }
        try {
            List<Figure> figures = new ArrayList<>();
            for (Path json : jsons) { // one JMH run each (./bench runs the batch apart, with a longer warm-up)
                figures.addAll(JmhResults.read(json));
            }
            Gate gate = Gate.load(thresholds);
            List<Gate.Result> results = gate.evaluate(figures);
            List<String> flags = gate.flags(figures);
            List<String> changes = baseline == null ? List.of() : gate.compare(figures, JmhResults.read(baseline));
            Report.write(out, figures, results, flags, changes);
            results.forEach(r -> System.out.println(r.describe()));
            flags.forEach(System.out::println);
            changes.forEach(c -> System.out.println("changed beyond the noise band: " + c));
            List<Gate.Result> failed = results.stream().filter(r -> r.status() == Gate.Status.FAIL).toList();
            System.out.println("summary: " + out.resolve("summary.md"));
            if (!failed.isEmpty()) {
                failed.forEach(r -> System.err.println("bench gate FAILED: " + r.describe()));
                return 1;
            }
            return 0;
        } catch (JmhResults.MalformedResultsException e) {
            System.err.println("bench report: " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("bench report: " + e.getMessage());
            return 2;
        }
    }
}
