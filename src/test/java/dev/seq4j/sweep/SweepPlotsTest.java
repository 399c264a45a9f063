package dev.seq4j.sweep;

import dev.seq4j.run.Charts;
import dev.seq4j.train.Objective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's plots are drawn beside it: a slow plot never holds up a trial, a failed one is a warning. */
class SweepPlotsTest {
    @TempDir
    Path tmp;

    @Test
    void aPlotThatCannotBeDrawnIsAWarningAndTheOthersAreWritten() throws Exception {
        SweepSpec spec = SweepSpec.load(SweepReportTest.RANDOM_SWEEP);
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        StringWriter console = new StringWriter();
        try (SweepDirectory dir = SweepDirectory.open(tmp.resolve("sweep"), spec)) {
            SweepPlots plots = new SweepPlots(dir, spec, new Objective("valid_bpc", true), new PrintWriter(console),
                    (s, key, objective, records) -> {
                        calls.merge(key, 1, Integer::sum);
                        if (key.equals("model.layers")) {
                            throw new Charts.PlotException("drawing 'x' took longer than 30 s", null);
                        }
                        return new byte[]{(byte) records.size()};
                    });
            plots.update(SweepReportTest.issueRows().subList(0, 4));
            Path batch = dir.path(SweepDirectory.PLOTS + "/train.batchSize.png");
            for (int i = 0; i < 600 && !Files.exists(batch); i++) {
                Thread.sleep(100);
            }
            plots.update(SweepReportTest.issueRows()); // drawn after the first results: model.layers is not tried again
            plots.close();
            for (String key : spec.keys()) {
                Path png = dir.path(SweepDirectory.PLOTS + "/" + key + ".png");
                if (key.equals("model.layers")) {
                    assertFalse(Files.exists(png));
                } else {
                    assertEquals(5, Files.readAllBytes(png)[0], key + ": the latest results");
                }
            }
        }
        List<String> warnings = console.toString().lines().toList();
        assertEquals(1, warnings.size(), console.toString());
        assertTrue(warnings.get(0).startsWith("sweep: warning: ") && warnings.get(0).contains("model.layers.png not drawn: "
                + "drawing 'x' took longer than 30 s; the results tables are complete"), warnings.get(0));
        assertEquals(1, calls.get("model.layers"));
        assertEquals(2, calls.get("train.batchSize"));
    }

    @Test
    void aSlowPlotNeverHoldsUpTheTrialsAndOnlyTheLatestResultsAreDrawn() throws Exception {
        SweepSpec spec = SweepSpec.load(SweepReportTest.RANDOM_SWEEP);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch drawing = new CountDownLatch(1);
        List<Integer> drawn = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SweepDirectory dir = SweepDirectory.open(tmp.resolve("sweep"), spec)) {
            SweepPlots plots = new SweepPlots(dir, spec, new Objective("valid_bpc", true),
                    new PrintWriter(new StringWriter()), (s, key, objective, records) -> {
                drawing.countDown();
                try {
                    assertTrue(release.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                drawn.add(records.size());
                return new byte[]{1};
            });
            List<TrialRecord> rows = SweepReportTest.issueRows();
            plots.update(rows.subList(0, 1));
            assertTrue(drawing.await(60, TimeUnit.SECONDS));
            // the drawer is stuck in the first plot: results keep coming without waiting for it
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int n = 2; n <= rows.size(); n++) {
                    plots.update(rows.subList(0, n));
                }
            });
            release.countDown();
            plots.close();
        }
        int keys = spec.keys().size();
        assertEquals(2 * keys, drawn.size(), "the first results, then only the latest: " + drawn);
        assertFalse(drawn.subList(keys, 2 * keys).stream().anyMatch(n -> n != 5), drawn.toString());
    }
}
