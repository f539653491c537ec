package org.sigillo.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator and the gate on small recorded JMH runs (testdata/bench). */
class ReportAndGateTest {
    private static final Path TESTDATA = Path.of(System.getProperty("sigillo.testdata", "../testdata")).resolve("bench");
    private static final Path THRESHOLDS = Path.of(System.getProperty("sigillo.testdata", "../testdata")).getParent()
            .resolve("pki-bench/thresholds.properties");

    private static String[] args(Path json, Path out) {
        return new String[] {"--json", json.toString(), "--out", out.toString(), "--thresholds", THRESHOLDS.toString()};
    }

    private static int runCapturing(String[] args, StringBuilder err) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            return ReportMain.run(args);
        } finally {
            System.setErr(old);
            err.append(buf);
        }
    }

    @Test
    void aGoodRunPassesAndWritesTheSummaryAndReadableCharts(@TempDir Path out) throws Exception {
        StringBuilder err = new StringBuilder();
        assertEquals(0, runCapturing(args(TESTDATA.resolve("pass.json"), out), err), err.toString());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| crl-writer-vs-bc | entries=100000 t=1 | sigilloWriter 36.6 | bcBuilder 1,283 | 35.1 | 5.00 | pass |"), md);
        assertTrue(md.contains("ocsp-cached-vs-fresh | - | - | - | - | 10.0 | not measured"), md);
        assertTrue(md.contains("FLAGGED, below target"), "warm under 1M/s is flagged: " + md);
        for (String suite : List.of("CrlBenchmark", "SignerPoolBenchmark", "DualCheckBenchmark", "BatchBenchmark")) {
            BufferedImage png = ImageIO.read(out.resolve(suite + ".png").toFile());
            assertNotNull(png, suite);
            assertTrue(png.getWidth() >= 800 && png.getHeight() >= 400);
        }
    }

    @Test
    void aRegressionFailsAndNamesTheFigure(@TempDir Path out) {
        StringBuilder err = new StringBuilder();
        assertEquals(1, runCapturing(args(TESTDATA.resolve("fail-crl.json"), out), err));
        assertTrue(err.toString().contains("crl-writer-vs-bc") && err.toString().contains("FAIL"), err.toString());
        assertTrue(!err.toString().contains("signer-pool-vs-raw"), "only the failing figure is named: " + err);
    }

    @Test
    void malformedInputGivesAClearError(@TempDir Path out) {
        StringBuilder err = new StringBuilder();
        assertEquals(2, runCapturing(args(TESTDATA.resolve("malformed.json"), out), err));
        assertTrue(err.toString().contains("malformed.json") && err.toString().contains("malformed JSON at offset"), err.toString());
        assertThrows(JmhResults.MalformedResultsException.class, () -> JmhResults.read(TESTDATA.resolve("malformed.json")));
    }

    @Test
    void ratiosMeanTimesBetterWhateverTheUnitAndPairByParameters() throws Exception {
        Figure fastMs = new Figure("S", "ours", Map.of("n", "1"), 1, 10, 0, "ms/op");
        Figure slowMs = new Figure("S", "base", Map.of("n", "1"), 1, 50, 0, "ms/op");
        assertEquals(5.0, fastMs.timesBetterThan(slowMs), 1e-9);
        Figure fastOps = new Figure("S", "ours", Map.of(), 1, 500, 0, "ops/s");
        Figure slowOps = new Figure("S", "base", Map.of(), 1, 100, 0, "ops/s");
        assertEquals(5.0, fastOps.timesBetterThan(slowOps), 1e-9);

        Gate gate = Gate.load(THRESHOLDS);
        List<Figure> figs = List.of(
                new Figure("CrlBenchmark", "sigilloWriter", Map.of("entries", "10"), 1, 1, 0, "ms/op"),
                new Figure("CrlBenchmark", "bcBuilder", Map.of("entries", "10"), 1, 10, 0, "ms/op"),
                new Figure("CrlBenchmark", "sigilloWriter", Map.of("entries", "99"), 1, 1, 0, "ms/op"),
                new Figure("CrlBenchmark", "bcBuilder", Map.of("entries", "99"), 1, 3, 0, "ms/op"));
        List<Gate.Result> crl = gate.evaluate(figs).stream().filter(r -> r.rule().equals("crl-writer-vs-bc")).toList();
        assertEquals(2, crl.size(), "one ratio per parameter setting");
        assertEquals(Gate.Status.PASS, crl.get(0).status());
        assertEquals(Gate.Status.FAIL, crl.get(1).status(), "3x with entries=99 is below 5x");
        assertEquals(Gate.Status.NOT_MEASURED, gate.evaluate(figs).stream()
                .filter(r -> r.rule().equals("batch-vs-raw")).findFirst().orElseThrow().status());
        List<String> changes = gate.compare(List.of(new Figure("S", "m", Map.of(), 1, 130, 0, "ops/s")),
                List.of(new Figure("S", "m", Map.of(), 1, 100, 0, "ops/s")));
        assertEquals(1, changes.size(), "+30% is beyond the 20% noise band");
        assertEquals(0, gate.compare(List.of(new Figure("S", "m", Map.of(), 1, 110, 0, "ops/s")),
                List.of(new Figure("S", "m", Map.of(), 1, 100, 0, "ops/s"))).size());
    }
}
