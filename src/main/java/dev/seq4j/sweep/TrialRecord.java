package dev.seq4j.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What a sweep knows about a finished trial; kept as {@code trial.json} in the trial's run directory, and
 * one row of {@code results.csv}.
 *
 * @param trial        1-based trial number, the order Arbiter generated the candidates in
 * @param values       the swept config values of this trial
 * @param status       {@code complete}, {@code pruned} or {@code failed}
 * @param objective    the best validation value of the objective, or {@code null} when the trial failed
 * @param epochs       epochs trained
 * @param bestEpoch    the epoch whose model was kept
 * @param trainSeconds time spent in training steps, as the trial reported it
 * @param runSeconds   the trial's run as {@code train} timed it: data, training, validation, baseline, saving
 * @param wallSeconds  the trial's wall time as the sweep saw it, process start to exit; minus {@code runSeconds},
 *                     what running it in a sweep cost (process and JVM start, native libraries, bookkeeping)
 * @param reason       why training stopped, or why the trial failed
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrialRecord(int trial, Map<String, JsonNode> values, String status, Double objective, int epochs,
                          int bestEpoch, double trainSeconds, double runSeconds, double wallSeconds,
                          String reason) {
    public static final String COMPLETE = "complete";
    public static final String PRUNED = "pruned";
    public static final String FAILED = "failed";

    /** Whether the trial trained a model (complete or pruned) rather than failing. */
    public boolean succeeded() {
        return !status.equals(FAILED);
    }
}
