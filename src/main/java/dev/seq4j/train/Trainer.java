package dev.seq4j.train;

import dev.seq4j.config.TrainSpec;
import dev.seq4j.run.LearningCurve;
import dev.seq4j.run.RunDirectory;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The training loop every task shares. Each epoch: fit the training iterator (progress bar with batch,
 * ETA, loss and tokens/s), validate, append to {@code metrics.csv}, redraw the learning curve, keep the
 * model if the objective improved, and let DL4J's {@link CheckpointListener} write the epoch's checkpoint.
 * Training stops after {@code epochs}, after {@code patience} epochs without improvement, when the
 * wall-clock budget runs out (the cut epoch is still validated) or when the loss is not finite.
 * <p>
 * We drive epochs ourselves rather than through DL4J's EarlyStoppingGraphTrainer because that trainer
 * does not validate an epoch cut short by its time condition, and a budgeted run must keep its best model.
 */
public final class Trainer {
    private final TrainSpec spec;
    private final RunDirectory run;
    private final PrintWriter console;
    private final PrintStream terminal;
    private final String lossUnit;
    private StopRule stopRule = (epoch, best) -> null;
    private String countUnit = "tok";
    private boolean progress = true;

    /**
     * @param console  where epoch lines go (the command's error writer)
     * @param terminal an interactive terminal for the live progress bar, or {@code null} to print progress
     *                 lines to {@code console} every 30 seconds instead
     * @param lossUnit the unit of the training loss and objective, for the console and the plot
     */
    public Trainer(TrainSpec spec, RunDirectory run, PrintWriter console, PrintStream terminal, String lossUnit) {
        this.spec = spec;
        this.run = run;
        this.console = console;
        this.terminal = terminal;
        this.lossUnit = lossUnit;
    }

    /**
     * Asked after each epoch's validation whether to stop early for a reason from outside the run, such as a
     * sweep pruning a trial that is worse than the others at the same epoch.
     */
    @FunctionalInterface
    public interface StopRule {
        /** @return why to stop now, or {@code null} to go on; {@code best} is the best objective so far */
        String stopReason(int epoch, double best);
    }

    /**
     * What the training throughput counts (each target of the label mask): {@code tok} (the default) for a
     * language model's characters, {@code texts} or {@code series} for a classifier's examples.
     */
    public Trainer counting(String unit) {
        this.countUnit = unit;
        return this;
    }

    /** No progress bar or progress lines, only the line after each epoch (for runs trained side by side). */
    public Trainer withoutProgress() {
        this.progress = false;
        return this;
    }

    /** Training also stops when {@code rule} says so; the run is then marked as pruned. */
    public Trainer stopWhen(StopRule rule) {
        this.stopRule = rule;
        return this;
    }

    /** What training did; {@code pruned} when the {@link StopRule} ended it. */
    public record Result(List<EpochLog> epochs, int bestEpoch, double bestObjective, String stopReason,
                         double trainSeconds, long tokens, boolean pruned) {
    }

    /**
     * @param net         the network, already initialised
     * @param train       training minibatches; reset before each epoch
     * @param batches     minibatches per full epoch, for the progress bar
     * @param scoreToLoss turns DL4J's per-minibatch score into the task's loss unit
     * @param validate    validation metrics of the current network; must contain the objective
     */
    public Result fit(ComputationGraph net, MultiDataSetIterator train, int batches, double scoreToLoss,
                      Function<ComputationGraph, Map<String, Double>> validate, Objective objective) {
        long start = System.nanoTime();
        long deadline = spec.maxMinutes() > 0 ? start + (long) (spec.maxMinutes() * 60e9) : Long.MAX_VALUE;
        ScoreMeter meter = new ScoreMeter();
        WeightAverage average = new WeightAverage(spec.ema());
        net.setListeners(meter, average, new CheckpointListener.Builder(run.path(RunDirectory.CHECKPOINTS).toFile())
                .keepLast(1).saveEveryEpoch().build());
        List<EpochLog> history = new ArrayList<>();
        double best = objective.worst();
        Map<String, Double> bestValid = null;
        int bestEpoch = 0;
        String stopReason = "completed " + spec.epochs() + " epochs";
        boolean pruned = false;
        long totalTokens = 0;
        double trainSeconds = 0;
        int perEpoch = spec.maxBatches() > 0 ? Math.min(batches, spec.maxBatches()) : batches;
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double lr = learningRate(net);
            meter.reset();
            Budget budget;
            try (ProgressBar bar = progressBar(epoch, perEpoch)) {
                long[] done = {0};
                budget = new Budget(train, deadline, spec.maxBatches(), System::nanoTime, (n, tokens) -> {
                    bar.stepTo(n - 1); // batch n starts now, n - 1 are done
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f %s, %.0f %s/s",
                            meter.mean() / scoreToLoss, lossUnit, done[0] / seconds, countUnit));
                    done[0] = tokens;
                });
                budget.reset();
                net.fit(budget);
                bar.stepTo(budget.batches());
            }
            double fitSeconds = (System.nanoTime() - epochStart) / 1e9;
            trainSeconds += fitSeconds;
            totalTokens += budget.tokens();
            double trainLoss = meter.mean() / scoreToLoss;
            INDArray trained = average.swapIn(net);
            Map<String, Double> valid = validate.apply(net);
            double value = valid.get(objective.metric());
            boolean improved = objective.better(valid, bestValid);
            if (improved) {
                best = value;
                bestValid = valid;
                bestEpoch = epoch;
                saveModel(net);
            }
            average.swapOut(net, trained);
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochLog log = new EpochLog(epoch, trainLoss, valid, lr, seconds, budget.tokens() / fitSeconds,
                    budget.dataSeconds() / fitSeconds, improved);
            history.add(log);
            writeMetrics(history, objective);
            console.println(line(log, budget.batches(), objective));
            console.flush();
            if (!Double.isFinite(value) || (budget.batches() > 0 && !Double.isFinite(trainLoss))) {
                stopReason = "diverged: loss is not finite at epoch " + epoch;
                break;
            }
            if (budget.expired() || (System.nanoTime() - deadline > 0 && epoch < spec.epochs())) {
                stopReason = "time budget of " + spec.maxMinutes() + " minutes reached in epoch " + epoch;
                break;
            }
            if (spec.patience() > 0 && epoch - bestEpoch >= spec.patience()) {
                stopReason = "early stopping: no improvement for " + spec.patience() + " epochs";
                break;
            }
            String outside = epoch < spec.epochs() ? stopRule.stopReason(epoch, best) : null;
            if (outside != null) {
                stopReason = outside;
                pruned = true;
                break;
            }
        }
        net.setListeners();
        return new Result(history, bestEpoch, best, stopReason, trainSeconds, totalTokens, pruned);
    }

    private ProgressBar progressBar(int epoch, int batches) {
        ProgressBarConsumer consumer;
        if (!progress) {
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

    private String line(EpochLog log, int batchesRun, Objective objective) {
        String valid = log.valid().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining("  "));
        return String.format(Locale.ROOT, "epoch %d/%d  %d batches  train_loss %.4f %s  %s  lr %.2e  %.0fs  %.0f %s/s%s",
                log.epoch(), spec.epochs(), batchesRun, log.trainLoss(), lossUnit, valid, log.lr(), log.seconds(),
                log.tokensPerSecond(), countUnit, log.best() ? "  * best " + objective.metric() : "");
    }

    private void writeMetrics(List<EpochLog> history, Objective objective) {
        List<String> columns = new ArrayList<>(history.get(0).row().keySet());
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (EpochLog log : history) {
            Map<String, Object> row = log.row();
            csv.append(columns.stream().map(c -> String.valueOf(row.get(c))).collect(Collectors.joining(",")))
                    .append('\n');
        }
        run.writeString(RunDirectory.METRICS, csv.toString());
        run.writeBytes(RunDirectory.CURVE, LearningCurve.png("learning curve", lossUnit,
                history.stream().map(EpochLog::trainLoss).toList(),
                history.stream().map(l -> l.valid().getOrDefault("valid_loss", l.valid().get(objective.metric())))
                        .toList()));
    }

    private void saveModel(ComputationGraph net) {
        try {
            Path tmp = run.temporary(RunDirectory.MODEL);
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            RunDirectory.moveAtomically(tmp, run.path(RunDirectory.MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model in " + run.root(), e);
        }
    }

    private static double learningRate(ComputationGraph net) {
        Double lr = net.getLearningRate(net.getLayers()[0].conf().getLayer().getLayerName());
        return lr == null ? Double.NaN : lr;
    }

    /**
     * An exponential moving average of the weights (Polyak and Juditsky 1992), updated after every minibatch's update:
     * {@code avg = d * avg + (1 - d) * w}, starting from the weights after the first minibatch. The decay warms up as
     * {@code d = min(decay, (1 + n) / (10 + n))} after n minibatches (as TensorFlow's {@code ExponentialMovingAverage}
     * with {@code num_updates}), so the first epochs are not dominated by the initial weights. Validation and the
     * saved model use the average; training goes on from the plain weights.
     */
    static final class WeightAverage extends BaseTrainingListener {
        private final double decay;
        private INDArray average;
        private long updates;

        WeightAverage(double decay) {
            this.decay = decay;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (decay == 0) {
                return;
            }
            INDArray w = model.params();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (average == null) {
                    average = w.dup();
                } else {
                    double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
                    average.muli(d).addi(w.mul(1 - d));
                }
                updates++;
            }
        }

        /** Puts the average into {@code net} and returns the plain weights it replaced (null when off or empty). */
        INDArray swapIn(ComputationGraph net) {
            if (average == null) {
                return null;
            }
            INDArray trained;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                trained = net.params().dup();
            }
            net.params().assign(average);
            return trained;
        }

        /** Restores the plain weights {@link #swapIn} returned. */
        void swapOut(ComputationGraph net, INDArray trained) {
            if (trained != null) {
                net.params().assign(trained);
            }
        }
    }

    /** A writer that passes whole lines to {@code target}, each with {@code prefix} in front. */
    public static PrintWriter prefixLines(PrintWriter target, String prefix) {
        return new PrintWriter(new java.io.Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(char[] chars, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    line.append(chars[i]);
                    if (chars[i] == '\n') {
                        target.print(prefix + line);
                        target.flush();
                        line.setLength(0);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** Mean of DL4J's minibatch scores over an epoch. */
    private static final class ScoreMeter extends BaseTrainingListener {
        private double sum;
        private long count;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            sum += model.score();
            count++;
        }

        void reset() {
            sum = 0;
            count = 0;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }
}
