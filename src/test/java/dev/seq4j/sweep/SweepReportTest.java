package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.run.Charts;
import dev.seq4j.train.Objective;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranking trials (by the objective in its direction, complete trials before pruned ones for the best), and plots that
 * are drawn in bounded time whatever the values.
 */
class SweepReportTest {
    /** The shipped random search, whose plot of model.layers once never finished (issue 23, case 11). */
    static final Path RANDOM_SWEEP = Path.of("configs/sweep-charlm-random.yaml");
    private static final Objective BPC = new Objective("valid_bpc", true);
    private static String limitBefore;

    @BeforeAll
    static void shortPlotLimit() {
        limitBefore = System.getProperty(Charts.LIMIT_PROPERTY);
        System.setProperty(Charts.LIMIT_PROPERTY, "15");
    }

    @AfterAll
    static void restorePlotLimit() {
        if (limitBefore == null) {
            System.clearProperty(Charts.LIMIT_PROPERTY);
        } else {
            System.setProperty(Charts.LIMIT_PROPERTY, limitBefore);
        }
    }

    private static TrialRecord trial(int n, String status, Double objective) {
        return new TrialRecord(n, Map.of("train.batchSize", JsonNodeFactory.instance.numberNode(n)), status, objective,
                3, 3, 10, 12, 15, null);
    }

    @Test
    void theBestIsTheBestCompleteTrialAndFailedTrialsRankLast() {
        List<TrialRecord> records = List.of(trial(1, TrialRecord.COMPLETE, 2.5), trial(2, TrialRecord.PRUNED, 2.0),
                trial(3, TrialRecord.FAILED, null), trial(4, TrialRecord.COMPLETE, 2.1), trial(5, TrialRecord.COMPLETE, 2.1));
        Objective lower = new Objective("valid_bpc", true);
        assertEquals(4, SweepReport.best(records, lower).orElseThrow().trial(), "ties go to the earlier trial");
        assertEquals(List.of(2, 4, 5, 1, 3), records.stream().sorted(SweepReport.byObjective(lower))
                .map(TrialRecord::trial).toList());
        Objective higher = new Objective("accuracy", false);
        assertEquals(1, SweepReport.best(records, higher).orElseThrow().trial());
        assertEquals(List.of(1, 4, 5, 2, 3), records.stream().sorted(SweepReport.byObjective(higher))
                .map(TrialRecord::trial).toList());
    }

    @Test
    void prunedTrialsStandInOnlyWhenNoneCompleted() {
        List<TrialRecord> records = List.of(trial(1, TrialRecord.PRUNED, 3.0), trial(2, TrialRecord.PRUNED, 2.8),
                trial(3, TrialRecord.FAILED, null));
        assertEquals(2, SweepReport.best(records, new Objective("valid_bpc", true)).orElseThrow().trial());
        assertEquals(java.util.Optional.empty(), SweepReport.best(List.of(trial(1, TrialRecord.FAILED, null)),
                new Objective("valid_bpc", true)));
    }

    private static JsonNode yaml(String value) {
        try {
            return ConfigLoader.YAML.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    /** A finished trial with the values of the shipped random sweep, as results.csv lists them. */
    private static TrialRecord row(int trial, String layers, int batch, double lr, double gamma, String schedule,
                                   String status, Double objective) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("train.learningRate", JsonNodeFactory.instance.numberNode(lr));
        values.put("train.batchSize", JsonNodeFactory.instance.numberNode(batch));
        values.put("model.layers", yaml(layers));
        values.put("train.lrSchedule", JsonNodeFactory.instance.textNode(schedule));
        values.put("train.lrGamma", JsonNodeFactory.instance.numberNode(gamma));
        return new TrialRecord(trial, values, status, objective, 3, 3, 10, 12, 15, null);
    }

    /** The five rows after which the issue's sweep stopped for good, twice, at the same point. */
    static List<TrialRecord> issueRows() {
        return List.of(
                row(1, "[256]", 56, 0.006137, 0.8371, "step", TrialRecord.COMPLETE, 4.4867716159570605),
                row(2, "[256]", 17, 0.03084, 0.5543, "exponential", TrialRecord.COMPLETE, 3.237702159845408),
                row(3, "[64, 64]", 30, 0.01332, 0.8531, "step", TrialRecord.COMPLETE, 4.221495949971526),
                row(4, "[256]", 24, 0.00406, 0.8468, "exponential", TrialRecord.COMPLETE, 4.094678288312946),
                row(5, "[128, 128]", 18, 0.01075, 0.6985, "exponential", TrialRecord.COMPLETE, 3.5270898001330124));
    }

    private static void assertPng(byte[] png, String what) {
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', what + ": not a PNG");
    }

    @Test
    void theIssuesRowsArePlottedForEveryKey() {
        SweepSpec spec = SweepSpec.load(RANDOM_SWEEP);
        for (String key : spec.keys()) {
            assertPng(SweepReport.plot(spec, key, BPC, issueRows()), key);
        }
    }

    /**
     * Value sets that XChart's tick search handles badly, for a numeric key (learning rate: log axis when the values
     * span a factor of 10) and a category key (layer sizes): each plot is drawn, none is given up.
     */
    @Test
    void degenerateValuesArePlotted() {
        SweepSpec spec = SweepSpec.load(RANDOM_SWEEP);
        Map<String, double[]> numbers = new LinkedHashMap<>();
        numbers.put("one value", new double[]{0.01});
        numbers.put("equal values", new double[]{0.01, 0.01, 0.01});
        numbers.put("tiny range", new double[]{0.01, 0.01 + 1e-15, 0.01 + 2e-15});
        numbers.put("huge range", new double[]{1e-300, 1, 1e300});
        numbers.put("log range", new double[]{1e-6, 1e-4, 1e-2, 1});
        numbers.put("negative and zero", new double[]{-5, 0, 5e-9});
        numbers.put("huge values", new double[]{-1.7e308, 1.7e308});
        numbers.put("near zero", new double[]{Double.MIN_VALUE, 2 * Double.MIN_VALUE});
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, double[]> set : numbers.entrySet()) {
            for (DoubleFunction<Double> objective : List.<DoubleFunction<Double>>of(x -> 3.5, x -> 3.5 + x * 1e-13,
                    x -> x)) {
                List<TrialRecord> records = new ArrayList<>();
                double[] xs = set.getValue();
                for (int i = 0; i < xs.length; i++) {
                    records.add(row(i + 1, "[64, 64]", 16, xs[i], 0.9, "step", TrialRecord.COMPLETE,
                            objective.apply(xs[i])));
                }
                try {
                    assertPng(SweepReport.plot(spec, "train.learningRate", BPC, records), set.getKey());
                } catch (Charts.PlotException e) {
                    failed.add(set.getKey() + ": " + e.getMessage());
                }
            }
        }
        List<List<String>> categories = List.of(List.of("[256]"), List.of("[256]", "[256]"),
                List.of("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]"),
                java.util.stream.IntStream.range(1, 60).mapToObj(i -> "[" + i + "]").toList(),
                List.of("[1]", "\"[1]\"", "1", "\"1\""));
        for (List<String> layers : categories) {
            List<TrialRecord> records = new ArrayList<>();
            for (int i = layers.size() - 1; i >= 0; i--) { // finished in reverse order
                records.add(row(layers.size() - i, layers.get(i), 16, 0.01, 0.9, "step", TrialRecord.COMPLETE, 3.0 + i));
            }
            try {
                assertPng(SweepReport.plot(spec, "model.layers", BPC, records), layers.toString());
            } catch (Charts.PlotException e) {
                failed.add(layers + ": " + e.getMessage());
            }
        }
        for (List<TrialRecord> records : List.of(List.<TrialRecord>of(),
                List.of(row(1, "[8]", 16, 0.01, 0.9, "step", TrialRecord.FAILED, null)),
                List.of(row(1, "[8]", 16, 0.01, 0.9, "step", TrialRecord.PRUNED, Double.NaN)))) {
            for (String key : spec.keys()) {
                try {
                    assertPng(SweepReport.plot(spec, key, BPC, records), key + " of " + records);
                } catch (Charts.PlotException e) {
                    failed.add(key + " of " + records + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), failed);
    }

    @Test
    void categoryLabelsAreShortAndDistinct() {
        assertEquals(List.of("[1]", "[1] #2", "1", "1 #2", "[100,200,300,400,500,..."),
                SweepReport.categoryLabels(List.of(yaml("[1]"), yaml("\"[1]\""), yaml("1"), yaml("\"1\""),
                        yaml("[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]"))));
    }
}
