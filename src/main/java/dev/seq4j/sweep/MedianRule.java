package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The median stopping rule (Golovin et al. 2017, Google Vizier): a trial is stopped after an epoch when its
 * best objective so far is worse than the median of the completed trials' best objectives at the same epoch.
 * The sweep writes those objectives to {@code pruning.json} each time a trial completes; running trials read
 * the file after each epoch, so the decision needs no messages between processes.
 */
public final class MedianRule {
    /** Largest {@code metrics.csv} read: one short row per epoch, so far above any run's. */
    static final long MAX_METRICS_BYTES = 16L << 20;

    private MedianRule() {
    }

    /**
     * Rewrites {@code pruning.json} from the completed trials' {@code metrics.csv}.
     *
     * @param completed run directories of the trials that completed (pruned and failed ones do not count)
     */
    static void write(SweepDirectory dir, SweepSpec.Pruning rule, Objective objective, List<Path> completed) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("metric", objective.metric());
        out.put("minimize", objective.minimize());
        out.put("afterEpochs", rule.afterEpochs());
        out.put("minTrials", rule.minTrials());
        ObjectNode epochs = out.putObject("epochs");
        for (Path run : completed) {
            double[] best = bestSoFar(run.resolve(RunDirectory.METRICS), objective);
            for (int e = 0; e < best.length; e++) {
                JsonNode list = epochs.get(Integer.toString(e + 1));
                (list == null ? epochs.putArray(Integer.toString(e + 1)) : (ArrayNode) list).add(best[e]);
            }
        }
        dir.writeJson(SweepDirectory.PRUNING, out);
    }

    /**
     * The best objective up to each epoch of a run, from its {@code metrics.csv}; empty when unreadable (absent, not a
     * regular file inside the run, over {@link #MAX_METRICS_BYTES}: the rule then goes without it).
     */
    static double[] bestSoFar(Path metrics, Objective objective) {
        List<String> lines;
        try {
            byte[] bytes = RunFiles.read(RunFiles.inside(metrics.getParent(), metrics), MAX_METRICS_BYTES);
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (UserException e) {
            return new double[0];
        }
        if (lines.isEmpty()) {
            return new double[0];
        }
        int column = Arrays.asList(lines.get(0).split(",")).indexOf(objective.metric());
        if (column < 0) {
            return new double[0];
        }
        double[] out = new double[lines.size() - 1];
        double best = objective.worst();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            double v = column < cells.length ? number(cells[column]) : Double.NaN;
            if (Double.isFinite(v) && objective.better(v, best)) {
                best = v;
            }
            out[i - 1] = best;
        }
        return out;
    }

    private static double number(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The rule as a running trial applies it, reading {@code file} after each epoch: a regular file in its directory,
     * at most {@link RunFiles#MAX_JSON_BYTES}, no key twice.
     */
    public static Trainer.StopRule reading(Path file) {
        return (epoch, best) -> {
            JsonNode rule;
            try {
                rule = RunFiles.json(RunFiles.inside(file.toAbsolutePath().getParent(), file));
            } catch (UserException e) {
                return null; // no completed trial yet, or the file is being replaced: go on
            }
            if (rule == null || epoch < rule.path("afterEpochs").asInt(Integer.MAX_VALUE)) {
                return null;
            }
            JsonNode values = rule.path("epochs").path(Integer.toString(epoch));
            if (!values.isArray() || values.size() < rule.path("minTrials").asInt(Integer.MAX_VALUE)) {
                return null;
            }
            List<Double> others = new ArrayList<>();
            values.forEach(v -> others.add(v.asDouble()));
            double median = median(others);
            Objective objective = new Objective(rule.path("metric").asText(), rule.path("minimize").asBoolean(true));
            if (objective.better(median, best) || !Double.isFinite(best)) {
                return String.format(Locale.ROOT, "pruned: best %s %.4f at epoch %d is worse than the median %.4f "
                        + "of %d completed trials", objective.metric(), best, epoch, median, others.size());
            }
            return null;
        };
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
