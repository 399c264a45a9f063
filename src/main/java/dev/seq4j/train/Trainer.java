package dev.seq4j.train;

import dev.seq4j.RunException;
import dev.seq4j.UserException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.run.ModelFile;
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
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The training loop every task shares. Each epoch: fit the training iterator (progress bar with batch,
 * ETA, loss and tokens/s), validate, append to {@code metrics.csv}, redraw the learning curve, keep the
 * model if the objective improved, and write the epoch's {@link Checkpoint}, from which {@code train --resume}
 * continues a run exactly as if it had not stopped. Training stops after {@code epochs}, after {@code patience}
 * epochs without improvement, when the wall-clock budget runs out (the cut epoch is still validated), or at once
 * when the loss or the weights stop being finite (or rolls back to the last checkpoint with a lower learning rate,
 * when {@code train.onDivergence} is {@code rollback}).
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
    private long seed;
    private Checkpoint.Opener opener = Checkpoint.FILES;
    private int workers = 1;
    private EpochFitter fitter;
    private boolean curveGivenUp;

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

    /**
     * The run's seed: each epoch reseeds ND4J's generator (dropout) from it and the data order's position, so that
     * the same config and seed give the same run, resumed or not.
     */
    public Trainer seeded(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Trains as {@code launch} says: data-parallel on {@link Launch#workers()} devices (GPUs on the CUDA backend,
     * threads on the CPU) through DL4J's {@link ParallelWrapper}, each worker training a replica on its own
     * minibatches with the replicas' weights and updater states averaged every {@code train.averagingFrequency}
     * minibatches (1 trains the network itself), or each epoch through its {@link EpochFitter}.
     */
    public Trainer launch(Launch launch) {
        this.workers = launch.workers();
        this.fitter = launch.fitter();
        return this;
    }

    /** Opens the files of checkpoints (tests: a disk that fills up). */
    Trainer checkpointFiles(Checkpoint.Opener opener) {
        this.opener = opener;
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
     * The training loss ({@code train_loss}, the progress bar's loss) is DL4J's loss per target token: the minibatches'
     * summed losses (DL4J's score times the minibatch size) over the label mask's sum, so padding never counts; a
     * target is an example where labels are not sequences. Divided by {@code tokenLoss}, it is in the task's unit.
     *
     * @param net       the network, already initialised
     * @param train     training minibatches; reset before each epoch
     * @param batches   minibatches per full epoch, for the progress bar
     * @param tokenLoss the loss per target token in nats that makes one of the task's loss unit: {@code ln 2} for
     *                  bits, 1 for nats, {@code 1 / h} for a loss summed over h steps
     * @param validate  validation metrics of the current network; must contain the objective
     */
    public Result fit(ComputationGraph net, MultiDataSetIterator train, int batches, double tokenLoss,
                      Function<ComputationGraph, Map<String, Double>> validate, Objective objective) {
        long start = System.nanoTime();
        ScoreMeter meter = new ScoreMeter();
        WeightAverage average = new WeightAverage(spec.ema());
        if (workers <= 1) {
            net.setListeners(meter, average);
        }
        // the updater and its (zero) state exist from now on, not from the first minibatch: the checkpoint of epoch 0
        // then holds an updater state like every later one, and a run stopped in its first epoch resumes from it
        net.getUpdater();
        Progress p = new Progress(objective.worst(), run.startTraining());
        if (run.resuming()) {
            restore(net, train, average, p, objective);
        } else {
            checkpoint(net, average, p); // epoch 0: what a rollback in the first epoch returns to
        }
        long deadline = spec.maxMinutes() > 0 ? start + (long) ((spec.maxMinutes() * 60 - p.wallSeconds) * 1e9)
                : Long.MAX_VALUE;
        int perEpoch = spec.maxBatches() > 0 ? Math.min(batches, spec.maxBatches()) : batches;
        Stop stop = p.history.isEmpty() ? null
                : afterEpoch(p, p.history.get(p.history.size() - 1), false, deadline, objective);
        while (stop == null && p.epoch < spec.epochs()) {
            int epoch = p.epoch + 1;
            long epochStart = System.nanoTime();
            double lr = learningRate(net);
            meter.reset();
            // the epoch's random draws (dropout) depend on the seed and the data order's position only, so a resumed
            // run draws what an uninterrupted one would
            Nd4j.getRandom().setSeed(seed * 1_000_003L + p.resets);
            Budget budget;
            try (ProgressBar bar = progressBar(epoch, perEpoch)) {
                long[] done = {0, 0}; // tokens and examples of the batches before this one
                budget = new Budget(train, deadline, spec.maxBatches(), System::nanoTime, (n, tokens, examples) -> {
                    bar.stepTo(n - 1); // batch n starts now, n - 1 are done
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    // NaN until a score is seen (Spark: after the epoch)
                    double loss = meter.perToken(done[0], done[1]) / tokenLoss;
                    bar.setExtraMessage(String.format(Locale.ROOT, "%s%.0f %s/s", Double.isNaN(loss) ? " "
                            : String.format(Locale.ROOT, " loss %.4f %s, ", loss, lossUnit), done[0] / seconds, countUnit));
                    done[0] = tokens;
                    done[1] = examples;
                }, meter::diverged, workers > 1);
                budget.reset();
                p.resets++;
                int epochCount = net.getConfiguration().getEpochCount();
                if (fitter != null) {
                    meter.external(fitter.fit(net, budget), budget.batches(), net);
                } else if (workers > 1) {
                    fitParallel(net, budget, meter, average);
                } else {
                    net.fit(budget);
                }
                if (net.getConfiguration().getEpochCount() == epochCount) {
                    // net.fit counts the epoch; ParallelWrapper and Spark's training master (M2.1/M2) do not, and
                    // epoch learning-rate schedules read the count
                    net.getConfiguration().setEpochCount(epochCount + 1);
                }
                bar.stepTo(budget.batches());
            }
            if (meter.diverged()) {
                String what = meter.divergence() + " in epoch " + epoch;
                if (spec.onDivergence() == dev.seq4j.config.TrainSpec.OnDivergence.ROLLBACK && p.rollbacks < spec.rollbacks()) {
                    rollBack(net, average, p, what);
                    continue;
                }
                stop = new Stop("diverged: " + what + "; " + advice(p), false);
                console.println("epoch " + epoch + ": " + stop.reason());
                console.flush();
                break;
            }
            double fitSeconds = (System.nanoTime() - epochStart) / 1e9;
            p.trainSeconds += fitSeconds;
            p.tokens += budget.tokens();
            double trainLoss = meter.perToken(budget.tokens(), budget.examples()) / tokenLoss;
            INDArray trained = average.swapIn(net);
            Map<String, Double> valid = validate.apply(net);
            double value = valid.get(objective.metric());
            boolean improved = objective.better(valid, p.bestValid);
            if (improved) {
                p.best = value;
                p.bestValid = valid;
                p.bestEpoch = epoch;
                saveModel(net, p.inputs);
            }
            average.swapOut(net, trained);
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            p.wallSeconds += seconds;
            EpochLog log = new EpochLog(epoch, trainLoss, valid, lr, seconds, budget.tokens() / fitSeconds,
                    budget.dataSeconds() / fitSeconds, improved);
            p.history.add(log);
            p.epoch = epoch;
            checkpoint(net, average, p);
            writeMetrics(p.history, objective);
            console.println(line(log, budget.batches(), objective));
            console.flush();
            stop = afterEpoch(p, log, budget.expired(), deadline, objective);
        }
        net.setListeners();
        if (stop == null) {
            stop = new Stop("completed " + spec.epochs() + " epochs", false);
        }
        return new Result(List.copyOf(p.history), p.bestEpoch, p.best, stop.reason(), p.trainSeconds, p.tokens,
                stop.pruned());
    }

    /**
     * One epoch on {@link #workers} replicas. A wrapper per epoch: its replicas start from the network's weights as
     * they are now (also after a rollback or a resume) and end averaged back into it.
     */
    private void fitParallel(ComputationGraph net, Budget budget, ScoreMeter meter, WeightAverage average) {
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(workers)
                .averagingFrequency(spec.averagingFrequency())
                .prefetchBuffer(spec.prefetch())
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .averageUpdaters(true)
                .reportScoreAfterAveraging(true)
                .build();
        try {
            wrapper.setListeners(meter, average);
            wrapper.fit(budget);
        } finally {
            wrapper.shutdown();
        }
    }

    /** Why training stopped; {@code pruned} when the {@link StopRule} said so. */
    private record Stop(String reason, boolean pruned) {
    }

    /** Why to stop after the epoch of {@code log}, or {@code null} to go on. */
    private Stop afterEpoch(Progress p, EpochLog log, boolean expired, long deadline, Objective objective) {
        int epoch = log.epoch();
        // a non-finite training loss ends the epoch at once (ScoreMeter); here, the validation metric
        if (!Double.isFinite(log.valid().get(objective.metric()))) {
            return new Stop("diverged: the validation " + objective.metric() + " is not finite at epoch " + epoch + "; " + advice(p), false);
        }
        if (expired || (System.nanoTime() - deadline > 0 && epoch < spec.epochs())) {
            return new Stop("time budget of " + spec.maxMinutes() + " minutes reached in epoch " + epoch, false);
        }
        if (spec.patience() > 0 && epoch - p.bestEpoch >= spec.patience()) {
            return new Stop("early stopping: no improvement for " + spec.patience() + " epochs", false);
        }
        String outside = epoch < spec.epochs() ? stopRule.stopReason(epoch, p.best) : null;
        return outside == null ? null : new Stop(outside, true);
    }

    /** What to try after a divergence. */
    private String advice(Progress p) {
        return String.format(Locale.ROOT, "the best model (epoch %d) and the last good checkpoint are kept; try a lower "
                        + "train.learningRate (now %s), gradient clipping (train.clipNorm, now %s)%s", p.bestEpoch,
                number(spec.learningRate() * p.lrScale), number(spec.clipNorm()),
                spec.onDivergence() == dev.seq4j.config.TrainSpec.OnDivergence.ROLLBACK ? " or more train.rollbacks (now " + spec.rollbacks() + ")"
                        : " or train.onDivergence: rollback");
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** The training loop's state from epoch to epoch: what a checkpoint saves. */
    private static final class Progress {
        final List<EpochLog> history = new ArrayList<>();
        final Map<String, String> inputs;
        int epoch;
        int resets;
        double best;
        Map<String, Double> bestValid;
        int bestEpoch;
        long tokens;
        double trainSeconds;
        double wallSeconds;
        double lrScale = 1;
        int rollbacks;

        Progress(double worst, Map<String, String> inputs) {
            this.best = worst;
            this.inputs = inputs;
        }
    }

    /** Writes the checkpoint of {@code p.epoch}; a failure stops the run, the previous checkpoint intact. */
    private void checkpoint(ComputationGraph net, WeightAverage average, Progress p) {
        Checkpoint.State state = new Checkpoint.State(1, p.epoch, p.resets, net.getConfiguration().getIterationCount(),
                net.getConfiguration().getEpochCount(), List.copyOf(p.history), p.bestEpoch, p.best, p.bestValid,
                p.tokens, p.trainSeconds, p.wallSeconds, average.updates, p.lrScale, p.rollbacks, p.inputs);
        try {
            Checkpoint.write(run.path(RunDirectory.CHECKPOINTS), state, net, average.average,
                    p.bestEpoch > 0 ? run.path(RunDirectory.MODEL) : null, opener);
        } catch (IOException | RuntimeException e) {
            Path previous = Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS));
            throw new RunException("cannot write the checkpoint of epoch " + p.epoch + " in "
                    + run.path(RunDirectory.CHECKPOINTS) + " (" + message(e) + "); "
                    + (previous == null ? "no earlier checkpoint exists"
                    : "the previous checkpoint (" + previous.getFileName() + ") is intact: free space and run "
                    + "seq4j train --resume " + run.root()), e);
        }
    }

    /** Continues from the latest checkpoint of a resumed run (from the start when there is none). */
    private void restore(ComputationGraph net, MultiDataSetIterator train, WeightAverage average, Progress p,
                         Objective objective) {
        Path latest = Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS));
        if (latest == null) {
            console.println("resume: no checkpoint yet; training from the start");
            console.flush();
            checkpoint(net, average, p);
            return;
        }
        Checkpoint.Loaded c = load(latest, net, average, p);
        Checkpoint.State s = c.state();
        for (; p.resets < s.resets(); p.resets++) {
            train.reset(); // the data order of the next epoch is the one the interrupted run would have seen
        }
        if (!s.inputs().equals(p.inputs)) {
            throw new UserException("--resume " + run.root() + ": the run's input files (" + String.join(", ",
                    s.inputs().keySet()) + ") differ from those its checkpoint was trained with; resume needs "
                    + "the same data, or start a new run");
        }
        p.history.addAll(s.history());
        p.epoch = s.epoch();
        p.best = s.bestEpoch() > 0 ? s.best() : objective.worst();
        p.bestValid = s.bestValid();
        p.bestEpoch = s.bestEpoch();
        p.tokens = s.tokens();
        p.trainSeconds = s.trainSeconds();
        p.wallSeconds = s.wallSeconds();
        p.rollbacks = s.rollbacks();
        // the best model as of the checkpoint, undoing a model.zip saved after it by the epoch that was cut short
        try {
            Path best = latest.resolve(Checkpoint.BEST);
            if (Files.exists(best, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                best = dev.seq4j.run.RunFiles.inside(run.root(), best); // never copies a file from outside the run
                Path tmp = run.temporary(RunDirectory.MODEL);
                Files.copy(best, tmp, StandardCopyOption.REPLACE_EXISTING);
                RunDirectory.sync(tmp);
                RunDirectory.moveAtomically(tmp, run.path(RunDirectory.MODEL));
            } else {
                Files.deleteIfExists(run.path(RunDirectory.MODEL));
            }
            Checkpoint.deleteOlder(run.path(RunDirectory.CHECKPOINTS), s.epoch());
        } catch (IOException e) {
            throw new RunException("cannot restore " + run.path(RunDirectory.MODEL) + " from " + latest + " ("
                    + e.getMessage() + ")", e);
        }
        if (!p.history.isEmpty()) {
            writeMetrics(p.history, objective);
        }
        console.printf(Locale.ROOT, "resume: from the checkpoint of epoch %d of %d%s%n", p.epoch, spec.epochs(),
                p.bestEpoch > 0 ? String.format(Locale.ROOT, "; best %s %.4f at epoch %d", objective.metric(), p.best,
                        p.bestEpoch) : "");
        console.flush();
    }

    /**
     * Puts a checkpoint's weights, updater state, counts, average and learning-rate scale into {@code net}.
     */
    private Checkpoint.Loaded load(Path dir, ComputationGraph net, WeightAverage average, Progress p) {
        Checkpoint.Loaded c = Checkpoint.read(dir);
        ModelFile.Contents m = c.model();
        if (m.params() == null || m.params().length() != net.params().length()) {
            throw new UserException(dir.resolve(Checkpoint.MODEL) + ": " + (m.params() == null ? 0 : m.params().length())
                    + " weights, but the run's config builds a model of " + net.params().length()
                    + "; the checkpoint belongs to another run");
        }
        net.params().assign(m.params());
        Checkpoint.State s = c.state();
        INDArray view = net.getUpdater().getStateViewArray();
        if (view != null && m.updater() != null && view.length() == m.updater().length()) {
            view.assign(m.updater());
        } else if (view != null && view.length() > 0 && (m.updater() != null || s.iterations() > 0)) {
            throw new UserException(dir.resolve(Checkpoint.MODEL) + ": no updater state that fits the model; the "
                    + "checkpoint is damaged");
        } else if (view != null) {
            // a checkpoint before the first minibatch written by an earlier version, without updater state: the state
            // of an updater that has not yet updated is all zeros (Adam's moments, Nesterov's velocity)
            view.assign(0);
        }
        net.getConfiguration().setIterationCount(s.iterations());
        net.getConfiguration().setEpochCount(s.epochCount());
        average.restore(c.average(), s.averageUpdates());
        p.lrScale = s.lrScale();
        applyLearningRate(net, p.lrScale);
        return c;
    }

    /** After a divergence: back to the last good checkpoint with a lower learning rate. */
    private void rollBack(ComputationGraph net, WeightAverage average, Progress p, String what) {
        Path latest = Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS));
        if (latest == null) {
            throw new RunException("diverged: " + what + ", and there is no checkpoint to roll back to");
        }
        double scale = p.lrScale * spec.rollbackFactor(); // compounds over rollbacks to the same checkpoint
        Checkpoint.Loaded c = load(latest, net, average, p); // the data order goes on: the retry sees a new shuffle
        p.rollbacks++;
        p.lrScale = scale;
        applyLearningRate(net, p.lrScale);
        p.epoch = c.state().epoch();
        console.printf(Locale.ROOT, "epoch %d: %s; rolled back to the checkpoint of epoch %d, learning rate x%s "
                        + "(rollback %d of %d)%n", p.epoch + 1, what, p.epoch, number(p.lrScale), p.rollbacks,
                spec.rollbacks());
        console.flush();
    }

    private void applyLearningRate(ComputationGraph net, double scale) {
        if (scale == 1) {
            return;
        }
        org.nd4j.linalg.schedule.ISchedule schedule = dev.seq4j.model.RecurrentStack.learningRate(spec, scale);
        if (schedule == null) {
            net.setLearningRate(spec.learningRate() * scale);
        } else {
            net.setLearningRate(schedule);
        }
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
        if (curveGivenUp) {
            return;
        }
        try {
            run.writeBytes(RunDirectory.CURVE, LearningCurve.png("learning curve", lossUnit,
                    history.stream().map(EpochLog::trainLoss).toList(),
                    history.stream().map(l -> l.valid().getOrDefault("valid_loss", l.valid().get(objective.metric())))
                            .toList()));
        } catch (dev.seq4j.run.Charts.PlotException e) {
            // a report, never a reason to stop training (see Charts); not tried again in this process
            curveGivenUp = true;
            console.println("warning: " + run.path(RunDirectory.CURVE) + " not drawn: " + e.getMessage() + "; "
                    + RunDirectory.METRICS + " holds the numbers");
            console.flush();
        }
    }

    private void saveModel(ComputationGraph net, Map<String, String> inputs) {
        Path tmp = run.temporary(RunDirectory.MODEL);
        try {
            ModelFile.write(net, tmp, false, inputs);
            RunDirectory.moveAtomically(tmp, run.path(RunDirectory.MODEL));
        } catch (IOException e) {
            RunDirectory.deleteQuietly(tmp);
            throw new RunException("cannot save the model " + run.path(RunDirectory.MODEL) + " (" + message(e)
                    + "); the previous best model is unchanged", e);
        }
    }

    /** The first line of an exception's message, or of its cause's for a wrapped I/O error. */
    private static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String m = UserException.firstLine(t);
        // a bare path (NoSuchFileException, AccessDeniedException) says nothing without the exception's name
        return t instanceof java.nio.file.FileSystemException && !m.contains(" ") ? t.getClass().getSimpleName() + ": " + m : m;
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
        public synchronized void iterationDone(Model model, int iteration, int epoch) { // replicas call at once
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

        /** Continues from a checkpoint's average ({@code null} when it had none) after {@code updates} minibatches. */
        void restore(INDArray saved, long updates) {
            this.average = saved;
            this.updates = updates;
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

    /**
     * The epoch's training loss per target token, and the divergence guard: after every minibatch's update the loss and
     * the weights must be finite (one reduction over the weights, well under a millisecond for our models).
     * <p>
     * DL4J's score of a minibatch is its summed loss over the minibatch size; times the size it is the minibatch's
     * summed loss, whatever its padding, and a truncated-BPTT segment's likewise. Over the target tokens the
     * {@link Budget} counted (the label mask's sum), that is a loss per real token.
     */
    private static final class ScoreMeter extends BaseTrainingListener {
        private double sum;
        private long count;
        private double summedLoss;
        private boolean sizesKnown = true;
        private String divergence;

        @Override
        public synchronized void iterationDone(Model model, int iteration, int epoch) { // replicas call at once
            double score = model.score();
            check(score, model, " at minibatch " + (count + 1));
            sum += score;
            count++;
            long size = minibatchSize(model);
            if (size > 0) {
                summedLoss += score * size;
            } else {
                sizesKnown = false;
            }
        }

        /** The minibatch's size ({@code batchSize()} reads the labels, set while listeners run), or 0 when unknown. */
        private static long minibatchSize(Model model) {
            try {
                return model.batchSize();
            } catch (RuntimeException e) {
                return 0;
            }
        }

        private void check(double score, Model model, String where) {
            if (!Double.isFinite(score)) {
                divergence = "the training loss became " + score + where;
            } else if (!ModelFile.isFinite(model.params())) {
                divergence = "the weights became NaN or infinite" + where;
            }
        }

        /** An epoch trained elsewhere ({@link EpochFitter}): its mean score over {@code batches}, and the weights after. */
        synchronized void external(double meanScore, int batches, Model model) {
            if (batches == 0) {
                return;
            }
            check(meanScore, model, "");
            sum += meanScore * batches;
            count += batches;
            sizesKnown = false;
        }

        boolean diverged() {
            return divergence != null;
        }

        String divergence() {
            return divergence;
        }

        void reset() {
            sum = 0;
            count = 0;
            summedLoss = 0;
            sizesKnown = true;
            divergence = null;
        }

        /**
         * The loss per target token in nats over the minibatches seen, which held {@code tokens} targets in
         * {@code examples} rows; NaN before the first. Without the minibatches' sizes (an epoch fitted elsewhere): the
         * mean score, a loss per example, times the examples over the tokens.
         */
        synchronized double perToken(long tokens, long examples) {
            if (count == 0 || tokens <= 0) {
                return Double.NaN;
            }
            return (sizesKnown ? summedLoss : sum / count * examples) / tokens;
        }
    }
}
