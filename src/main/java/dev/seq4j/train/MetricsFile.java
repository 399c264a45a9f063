package dev.seq4j.train;

import dev.seq4j.run.Charts;
import dev.seq4j.run.LearningCurve;
import dev.seq4j.run.RunDirectory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run's {@code metrics.csv} (one {@link EpochLog#row} per epoch) and its learning curve, rewritten from the
 * state's history after each epoch and when a run resumes, so that both always match the latest checkpoint.
 */
final class MetricsFile implements EpochListener {
    private final RunDirectory run;
    private final String lossUnit;
    private final Objective objective;
    private final PrintWriter console;
    private boolean curveGivenUp;

    MetricsFile(RunDirectory run, String lossUnit, Objective objective, PrintWriter console) {
        this.run = run;
        this.lossUnit = lossUnit;
        this.objective = objective;
        this.console = console;
    }

    @Override
    public void onTrainingBegin(TrainingState state, boolean resumed) {
        if (!state.history.isEmpty()) {
            write(state.history);
        }
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochLog log, int batches) {
        write(state.history);
    }

    private void write(List<EpochLog> history) {
        List<String> columns = new ArrayList<>(history.get(0).row().keySet());
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (EpochLog log : history) {
            Map<String, Object> row = log.row();
            csv.append(columns.stream().map(c -> String.valueOf(row.get(c))).collect(Collectors.joining(",")))
                    .append('\n');
        }
        run.writeString(RunDirectory.METRICS, csv.toString());
        if (curveGivenUp) {
            return;
        }
        try {
            run.writeBytes(RunDirectory.CURVE, LearningCurve.png("learning curve", lossUnit,
                    history.stream().map(EpochLog::trainLoss).toList(),
                    history.stream().map(l -> l.valid().getOrDefault("valid_loss", l.valid().get(objective.metric())))
                            .toList()));
        } catch (Charts.PlotException e) {
            // a report, never a reason to stop training (see Charts); not tried again in this process
            curveGivenUp = true;
            console.println("warning: " + run.path(RunDirectory.CURVE) + " not drawn: " + e.getMessage() + "; "
                    + RunDirectory.METRICS + " holds the numbers");
            console.flush();
        }
    }
}
