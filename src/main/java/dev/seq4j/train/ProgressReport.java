package dev.seq4j.train;

import dev.seq4j.config.TrainSpec;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The console's view of training: where a resumed run goes on from, a progress bar per epoch (batch, ETA, loss and
 * throughput) on an interactive terminal or a progress line every 30 seconds on the console, and a line per epoch.
 */
final class ProgressReport implements EpochListener {
    private final TrainSpec spec;
    private final PrintWriter console;
    private final PrintStream terminal;
    private final boolean bars;
    private final String lossUnit;
    private final String countUnit;
    private final Objective objective;
    private final ScoreMeter meter;
    private final double tokenLoss;
    private ProgressBar bar;
    private long epochStart;
    private long doneTokens;
    private long doneExamples;

    /**
     * @param bars      whether to show progress within epochs at all (not for runs trained side by side)
     * @param meter     the epoch's training loss so far, for the bar
     * @param tokenLoss the loss per target token in nats that makes one {@code lossUnit}
     */
    ProgressReport(TrainSpec spec, PrintWriter console, PrintStream terminal, boolean bars, String lossUnit,
                   String countUnit, Objective objective, ScoreMeter meter, double tokenLoss) {
        this.spec = spec;
        this.console = console;
        this.terminal = terminal;
        this.bars = bars;
        this.lossUnit = lossUnit;
        this.countUnit = countUnit;
        this.objective = objective;
        this.meter = meter;
        this.tokenLoss = tokenLoss;
    }

    @Override
    public void onTrainingBegin(TrainingState state, boolean resumed) {
        if (!resumed) {
            return;
        }
        console.printf(Locale.ROOT, "resume: from the checkpoint of epoch %d of %d%s%n", state.epoch, spec.epochs(),
                state.bestEpoch > 0 ? String.format(Locale.ROOT, "; best %s %.4f at epoch %d", objective.metric(),
                        state.best, state.bestEpoch) : "");
        console.flush();
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        epochStart = System.nanoTime();
        doneTokens = 0;
        doneExamples = 0;
        bar = progressBar(epoch, batches);
    }

    @Override
    public void onBatch(int batch, long tokens, long examples) {
        bar.stepTo(batch - 1); // batch n starts now, n - 1 are done
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        // NaN until a score is seen (Spark: after the epoch)
        double loss = meter.perToken(doneTokens, doneExamples) / tokenLoss;
        bar.setExtraMessage(String.format(Locale.ROOT, "%s%.0f %s/s", Double.isNaN(loss) ? " "
                : String.format(Locale.ROOT, " loss %.4f %s, ", loss, lossUnit), doneTokens / seconds, countUnit));
        doneTokens = tokens;
        doneExamples = examples;
    }

    @Override
    public void onEpochFitted(int batches) {
        bar.stepTo(batches);
        closeBar();
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochLog log, int batches) {
        String valid = log.valid().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining("  "));
        console.println(String.format(Locale.ROOT,
                "epoch %d/%d  %d batches  train_loss %.4f %s  %s  lr %.2e  %.0fs  %.0f %s/s%s",
                log.epoch(), spec.epochs(), batches, log.trainLoss(), lossUnit, valid, log.lr(), log.seconds(),
                log.tokensPerSecond(), countUnit, log.best() ? "  * best " + objective.metric() : ""));
        console.flush();
    }

    @Override
    public void onTrainingEnd() {
        closeBar(); // an epoch that failed part-way
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private ProgressBar progressBar(int epoch, int batches) {
        ProgressBarConsumer consumer;
        if (!bars) {
            consumer = new DelegatingProgressBarConsumer(rendered -> {
            });
        } else if (terminal != null) {
            consumer = new ConsoleProgressBarConsumer(terminal);
        } else {
            long[] last = {System.nanoTime()};
            consumer = new DelegatingProgressBarConsumer(rendered -> {
                if (System.nanoTime() - last[0] > 30e9) {
                    last[0] = System.nanoTime();
                    console.println(rendered.strip());
                    console.flush();
                }
            });
        }
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, spec.epochs()))
                .setInitialMax(batches)
                .setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal != null ? 250 : 1000)
                .setConsumer(consumer)
                .showSpeed()
                .build();
    }
}
