package org.sigillo.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes a run's summary ({@code summary.md}) and one PNG bar chart per suite. */
public final class Report {
    private Report() {
    }

    /** Writes everything under {@code dir}; returns the chart files. */
    public static List<Path> write(Path dir, List<Figure> figures, List<Gate.Result> ratios, List<String> flags,
                                   List<String> changes) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<Figure>> bySuite = new TreeMap<>();
        figures.forEach(f -> bySuite.computeIfAbsent(f.suite(), k -> new ArrayList<>()).add(f));
        StringBuilder md = new StringBuilder("# Benchmark summary\n\n");
        md.append("## Gate (same-run ratios)\n\n| ratio | setting | ours | baseline | ratio | threshold | status |\n|---|---|---:|---:|---:|---:|---|\n");
        for (Gate.Result r : ratios) {
            if (r.status() == Gate.Status.NOT_MEASURED) {
                md.append("| ").append(r.rule()).append(" | - | - | - | - | ").append(fmt(r.min())).append(" | not measured |\n");
            } else {
                md.append("| ").append(r.rule()).append(" | ").append(r.setting()).append(" | ")
                        .append(r.ours().orElseThrow().method()).append(' ').append(fmt(r.ours().orElseThrow().score())).append(" | ")
                        .append(r.baseline().orElseThrow().method()).append(' ').append(fmt(r.baseline().orElseThrow().score()))
                        .append(" | ").append(fmt(r.ratio())).append(" | ").append(fmt(r.min())).append(" | ")
                        .append(r.status() == Gate.Status.PASS ? "pass" : "**FAIL**").append(" |\n");
            }
        }
        if (!flags.isEmpty()) {
            md.append("\n## Flagged figures (not gated)\n\n");
            flags.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        if (!changes.isEmpty()) {
            md.append("\n## Changes against the baseline run beyond the noise band (not gated)\n\n");
            changes.forEach(c -> md.append("- ").append(c).append('\n'));
        }
        List<Path> charts = new ArrayList<>();
        for (Map.Entry<String, List<Figure>> e : bySuite.entrySet()) {
            md.append("\n## ").append(e.getKey()).append("\n\n| method | setting | score | error | unit |\n|---|---|---:|---:|---|\n");
            for (Figure f : e.getValue()) {
                md.append("| ").append(f.method()).append(" | ").append(f.setting()).append(" | ").append(fmt(f.score()))
                        .append(" | ").append(fmt(f.error())).append(" | ").append(f.unit()).append(" |\n");
            }
            Path png = dir.resolve(e.getKey() + ".png");
            chart(e.getKey(), e.getValue(), png);
            charts.add(png);
            md.append("\n![").append(e.getKey()).append("](").append(png.getFileName()).append(")\n");
        }
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        return charts;
    }

    private static void chart(String suite, List<Figure> figures, Path png) throws IOException {
        String unit = figures.get(0).unit();
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title(suite + (figures.get(0).higherIsBetter() ? " (higher is better)" : " (lower is better)"))
                .xAxisTitle("setting (parameters, threads)").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");
        chart.getStyler().setXAxisLabelRotation(15);
        List<String> settings = figures.stream().map(Figure::setting).distinct().toList();
        // Figures that span three orders of magnitude or more (PKIX against warm checks) get a
        // logarithmic axis, or the baselines' bars would be invisible; every bar carries its value.
        double max = figures.stream().mapToDouble(Figure::score).filter(v -> v > 0).max().orElse(1);
        double min = figures.stream().mapToDouble(Figure::score).filter(v -> v > 0).min().orElse(1);
        if (max / min >= 1000) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.setYAxisTitle(unit + " (log scale)");
        }
        Map<String, List<Figure>> byMethod = new LinkedHashMap<>();
        figures.forEach(f -> byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f));
        for (Map.Entry<String, List<Figure>> m : byMethod.entrySet()) {
            List<Number> ys = new ArrayList<>();
            for (String s : settings) {
                // null: no bar for a method not measured at this setting
                ys.add(m.getValue().stream().filter(f -> f.setting().equals(s)).map(f -> (Number) f.score()).findFirst()
                        .orElse(null));
            }
            chart.addSeries(m.getKey(), settings, ys);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.3g", v);
    }
}
