package dev.seq4j.task;

import dev.seq4j.config.TrainSpec;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parts of {@code summary.json} every task writes the same way; each task adds its own metrics. */
final class RunSummary {
    private RunSummary() {
    }

    /** {@code task, status (complete or pruned), stopReason, epochs, bestEpoch}, in that order. */
    static Map<String, Object> start(RunFacts facts) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("task", facts.task());
        summary.put("status", facts.status());
        summary.put("stopReason", facts.stopReason());
        summary.put("epochs", facts.epochs());
        summary.put("bestEpoch", facts.bestEpoch());
        return summary;
    }

    /**
     * {@code trainSeconds} and, unless {@code rateKey} is {@code null}, the training throughput under that key (e.g.
     * {@code tokensPerSecond}: what the trainer counted per second of training).
     */
    static void speed(Map<String, Object> summary, Trainer.Result result, String rateKey) {
        summary.put("trainSeconds", result.trainSeconds());
        if (rateKey != null) {
            summary.put(rateKey, result.tokens() / Math.max(result.trainSeconds(), 1e-9));
        }
    }

    /** {@code {metric, minimize, value}}: the objective of the saved (best) epoch, which sweeps rank by. */
    static Map<String, Object> objective(Objective objective, Trainer.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", objective.metric());
        out.put("minimize", objective.minimize());
        out.put("value", result.epochs().get(result.bestEpoch() - 1).valid().get(objective.metric()));
        return out;
    }

    /**
     * Puts {@code trivial}, what a model that learned nothing scores ({@code {model, metric: value...}}), and, when
     * {@code worse} is not {@code null}, a warning into {@code warnings} (which train prints): the run's best model is
     * worse than the trivial one, so training went wrong (a learning rate too high, too few epochs).
     *
     * @param worse how the best model compares, from {@link #worse}, or {@code null} when it is not worse
     */
    static void trivial(Map<String, Object> summary, TrainSpec train, String model, Map<String, Object> metrics,
                        String worse) {
        Map<String, Object> trivial = new LinkedHashMap<>();
        trivial.put("model", model);
        trivial.putAll(metrics);
        summary.put("trivial", trivial);
        if (worse != null) {
            warn(summary, trivialWarning(train, model, worse));
        }
    }

    /**
     * The warnings of a run whose best model is {@code worse} than the trivial {@code model} (train prints them): none
     * when {@code worse} is {@code null}, else one saying training went wrong and what to try.
     *
     * @param worse how the best model compares, from {@link #worse}, or {@code null} when it is not worse
     */
    static List<String> trivialWarnings(TrainSpec train, String model, String worse) {
        return worse == null ? List.of() : List.of(trivialWarning(train, model, worse));
    }

    private static String trivialWarning(TrainSpec train, String model, String worse) {
        return String.format(Locale.ROOT, "%s of the trivial model (%s): the model learned nothing it can use; "
                        + "try a lower train.learningRate (now %s), gradient clipping (train.clipNorm, now %s) or more "
                        + "train.epochs (now %d)", worse, model, number(train.learningRate()),
                number(train.clipNorm()), train.epochs());
    }

    /**
     * "{@code what} V is worse than T" when {@code value} is worse than {@code trivial} (or not finite), else
     * {@code null}.
     */
    static String worse(String what, double value, double trivial, boolean minimize) {
        boolean worse = !Double.isFinite(value) || (minimize ? value > trivial : value < trivial);
        return worse ? String.format(Locale.ROOT, "the best model's %s %.4f is worse than the %.4f", what, value, trivial)
                : null;
    }

    /** Adds a line to the summary's {@code warnings}. */
    static void warn(Map<String, Object> summary, String warning) {
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) summary.computeIfAbsent("warnings", k -> new ArrayList<String>());
        warnings.add(warning);
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }
}
