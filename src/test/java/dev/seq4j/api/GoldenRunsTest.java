package dev.seq4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs made by seq4j 0.1.0 as of issue 24 (one tiny run of every task, checked in by {@link GoldenRuns}) still load
 * as their typed model, evaluate to the same numbers and give the same outputs through their command: a later change
 * of a file format, a summary key or an evaluation must keep old runs usable, or say so by failing here.
 */
class GoldenRunsTest {
    static List<String> tasks() {
        return GoldenRuns.TASKS;
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void aRunOfThisVersionStillLoadsEvaluatesAndPredicts(String task) throws Exception {
        Path dir = GoldenRuns.ROOT.resolve(task);
        Path run = dir.resolve("run");
        JsonNode expected = GoldenRuns.JSON.readTree(dir.resolve("expected.json").toFile());

        TrainedModel model = Seq4j.load(run);
        assertEquals(task, model.task());
        assertTrue(dev.seq4j.task.Tasks.of(task).modelType().isInstance(model), model.toString());

        // its summary.json reads as the task's record and writes back as it was
        dev.seq4j.run.RunDirectory opened = dev.seq4j.run.RunDirectory.open(run);
        dev.seq4j.result.Summary summary = dev.seq4j.task.Tasks.summary(opened);
        assertTrue(dev.seq4j.task.Tasks.of(task).summaryType().isInstance(summary), summary.getClass().getName());
        same(opened.summary(), GoldenRuns.JSON.valueToTree(summary), task + " summary");
        same(GoldenRuns.JSON.valueToTree(summary), GoldenRuns.JSON.valueToTree(model.summary()), task + " model summary");
        assertTrue(summary.headline().startsWith("valid") || summary.headline().startsWith("test"), summary.headline());

        Path data = Path.of(expected.path("eval").path("data").asText());
        dev.seq4j.result.Evaluation evaluation = Seq4j.evaluate(run, data);
        assertEquals(task, evaluation.task());
        assertFalse(evaluation.headline().isBlank(), task + " eval headline");
        JsonNode eval = GoldenRuns.JSON.valueToTree(evaluation);
        same(expected.path("eval"), eval, task + " eval");

        String output = GoldenRuns.cli(GoldenRuns.use(task, run, data.getFileName().toString().equals("captions.tsv")
                ? data.resolveSibling("images") : data));
        sameText(expected.path("output").asText(), output, task + " output");
    }

    /** Equal JSON, numbers within 1e-6 relative (a later ND4J may sum in another order). */
    static void same(JsonNode want, JsonNode got, String where) {
        if (want.isNumber() && got.isNumber()) {
            double a = want.asDouble();
            double b = got.asDouble();
            assertTrue(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)), where + ": " + a + " != " + b);
            return;
        }
        assertEquals(want.getNodeType(), got.getNodeType(), where);
        if (want.isObject()) {
            assertEquals(new java.util.TreeSet<>(iterable(want.fieldNames())), new java.util.TreeSet<>(iterable(got.fieldNames())),
                    where + ": keys");
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                same(e.getValue(), got.get(e.getKey()), where + "." + e.getKey());
            }
        } else if (want.isArray()) {
            assertEquals(want.size(), got.size(), where + ": size");
            for (int i = 0; i < want.size(); i++) {
                same(want.get(i), got.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(want, got, where);
        }
    }

    /** Equal text, numbers printed in it within 1e-5 (relative above 1) (the outputs print probabilities and forecasts rounded). */
    static void sameText(String want, String got, String where) {
        String[] a = want.split("(?<=[\\t\\n ,])|(?=[\\t\\n ,])");
        String[] b = got.split("(?<=[\\t\\n ,])|(?=[\\t\\n ,])");
        assertEquals(a.length, b.length, where + ": " + got);
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                try {
                    double x = Double.parseDouble(a[i]);
                    double y = Double.parseDouble(b[i]);
                    assertTrue(Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x)), where + ": " + a[i] + " != " + b[i]);
                } catch (NumberFormatException e) {
                    assertEquals(want, got, where);
                }
            }
        }
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
