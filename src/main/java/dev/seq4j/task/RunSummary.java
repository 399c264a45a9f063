package dev.seq4j.task;

import dev.seq4j.config.RunConfig;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of {@code summary.json} every task writes the same way; each task adds its own metrics. */
final class RunSummary {
    private RunSummary() {
    }

    /** {@code task, status (complete or pruned), stopReason, epochs, bestEpoch}, in that order. */
    static Map<String, Object> start(RunConfig config, Trainer.Result result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("task", config.task());
        summary.put("status", result.pruned() ? "pruned" : "complete");
        summary.put("stopReason", result.stopReason());
        summary.put("epochs", result.epochs().size());
        summary.put("bestEpoch", result.bestEpoch());
        return summary;
    }

    /** {@code {metric, minimize, value}}: the objective of the saved (best) epoch, which sweeps rank by. */
    static Map<String, Object> objective(Objective objective, Trainer.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", objective.metric());
        out.put("minimize", objective.minimize());
        out.put("value", result.epochs().get(result.bestEpoch() - 1).valid().get(objective.metric()));
        return out;
    }
}
