package dev.seq4j.train;

import dev.seq4j.config.TrainSpec;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The training loop every task shares. Each epoch: fit the training iterator, validate, keep the model if the
 * objective improved, and tell the {@link EpochListener}s, which write the epoch's {@link Checkpoint} (from which
 * {@code train --resume} continues a run exactly as if it had not stopped), append to {@code metrics.csv}, redraw the
 * learning curve, append a row to {@code steps.csv} every {@code train.logEvery} minibatches and print the progress bar (batch, ETA, loss and tokens/s) and the epoch's line. Training stops after
 * {@code epochs}, after {@code patience} epochs without improvement, when the wall-clock budget runs out (the cut epoch
 * is still validated), or at once when the loss or the weights stop being finite (or rolls back to the last checkpoint
 * with a lower learning rate, when {@code train.onDivergence} is {@code rollback}).
 * <p>
 * What the loop carries from epoch to epoch is one {@link TrainingState}, which the checkpoint writes as it is. The
 * shape follows DJL's {@code EasyTrain.fit} with its {@code TrainingListener}s. We drive epochs ourselves rather than
 * through DL4J's EarlyStoppingGraphTrainer because that trainer does not validate an epoch cut short by its time
 * condition, and a budgeted run must keep its best model.
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
    private final List<EpochListener> extra = new java.util.ArrayList<>();
    /** Nanoseconds for the time budget and the epochs' seconds ({@link System#nanoTime}; tests: a clock of their own). */
    private java.util.function.LongSupplier clock = System::nanoTime;

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

    /** Reads the time from {@code nanos} instead of {@link System#nanoTime} (tests: a budget that ends on cue). */
    Trainer clock(java.util.function.LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    /** Also tells {@code listener} of the loop's events, after the trainer's own listeners. */
    Trainer listening(EpochListener listener) {
        extra.add(listener);
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
        return new Fit(net, train, batches, tokenLoss, validate, objective).run();
    }

    /** One call of {@link #fit}: the loop, the listeners it tells, and the state they share. */
    private final class Fit {
        private final long start = clock.getAsLong();
        private final ComputationGraph net;
        private final MultiDataSetIterator train;
        private final int perEpoch;
        private final double tokenLoss;
        private final Function<ComputationGraph, Map<String, Double>> validate;
        private final Objective objective;
        private final ScoreMeter meter = new ScoreMeter();
        private final WeightAverage average = new WeightAverage(spec.ema());
        private final Checkpointer checkpoints;
        private final List<EpochListener> listeners;
        private final StepsFile steps;
        /** DL4J's {@code StatsListener} ({@code train.dl4jStats}), or null. */
        private org.deeplearning4j.optimize.api.TrainingListener stats;
        private TrainingState state;
        private long deadline = Long.MAX_VALUE;
        /** The learning rate {@link #anneal} last set; NaN before the first. */
        private double annealed = Double.NaN;

        Fit(ComputationGraph net, MultiDataSetIterator train, int batches, double tokenLoss,
            Function<ComputationGraph, Map<String, Double>> validate, Objective objective) {
            this.net = net;
            this.train = train;
            this.perEpoch = spec.maxBatches() > 0 ? Math.min(batches, spec.maxBatches()) : batches;
            this.tokenLoss = tokenLoss;
            this.validate = validate;
            this.objective = objective;
            this.checkpoints = new Checkpointer(spec, run, net, console, opener);
            // in this order at each event: the checkpoint of an epoch is written before its metrics row and its line
            this.listeners = new java.util.ArrayList<>(List.of(average, checkpoints,
                    new MetricsFile(run, lossUnit, objective, console),
                    new ProgressReport(spec, console, terminal, progress, lossUnit, countUnit, objective, meter,
                            tokenLoss)));
            this.steps = spec.logEvery() > 0
                    ? new StepsFile(run, spec.logEvery(), tokenLoss, meter, net, m -> learningRate(net),
                    fitter == null) : null;
            if (steps != null) {
                this.listeners.add(steps);
            }
            this.listeners.addAll(extra);
        }

        /**
         * DL4J's listeners, inside the network (or its replicas): the loss, the weight average, the steps' norms and,
         * with {@code train.dl4jStats}, DL4J's stats recorder.
         */
        private org.deeplearning4j.optimize.api.TrainingListener[] netListeners() {
            List<org.deeplearning4j.optimize.api.TrainingListener> out = new java.util.ArrayList<>(List.of(meter, average));
            if (steps != null) {
                out.add(steps);
            }
            if (stats != null) {
                out.add(stats);
            }
            return out.toArray(new org.deeplearning4j.optimize.api.TrainingListener[0]);
        }

        /** The loop: epochs until a stop, each fitted, validated and told to the listeners. */
        Result run() {
            if (spec.dl4jStats()) {
                stats = Dl4jStats.recorder(run.path(Dl4jStats.FILE), spec.logEvery() > 0 ? spec.logEvery() : 10);
            }
            if (workers <= 1) {
                net.setListeners(netListeners());
            }
            // the updater and its (zero) state exist from now on, not from the first minibatch: the checkpoint of
            // epoch 0 then holds an updater state like every later one, and a run stopped in its first epoch resumes
            net.getUpdater();
            try {
                state = checkpoints.start(train, objective, run.startTraining());
                listeners.forEach(l -> l.onTrainingBegin(state, checkpoints.resumed()));
                double cutShort = state.partial == null ? 0 : state.partial.seconds(); // a mid-epoch checkpoint's
                if (spec.maxMinutes() > 0) {
                    deadline = start + (long) ((spec.maxMinutes() * 60 - state.wallSeconds - cutShort) * 1e9);
                }
                Stop stop = state.history.isEmpty() ? null : stopAfter(state.last(), false);
                while (stop == null && state.epoch < spec.epochs()) {
                    int epoch = state.epoch + 1;
                    long epochStart = clock.getAsLong() - (long) (cutShort * 1e9);
                    cutShort = 0;
                    anneal(epoch, 0); // cosine: the epoch's first minibatch's rate is the one its row records
                    double lr = learningRate(net);
                    Budget budget = fitEpoch(epoch);
                    if (meter.diverged()) {
                        stop = rollBackOrStop(epoch); // null: back at the last checkpoint, the epoch is tried again
                    } else {
                        EpochLog log = validated(epoch, epochStart, lr, budget);
                        listeners.forEach(l -> l.onEpochEnd(state, log, budget.batches()));
                        stop = stopAfter(log, budget.expired());
                    }
                }
                if (stop == null) {
                    stop = new Stop("completed " + spec.epochs() + " epochs", false);
                }
                return new Result(List.copyOf(state.history), state.bestEpoch, state.best, stop.reason(),
                        state.trainSeconds, state.tokens, stop.pruned());
            } finally {
                net.setListeners();
                listeners.forEach(EpochListener::onTrainingEnd);
                if (stats instanceof AutoCloseable recorder) {
                    try {
                        recorder.close();
                    } catch (Exception e) {
                        console.println("warning: " + run.path(Dl4jStats.FILE) + " not closed cleanly: "
                                + dev.seq4j.UserException.firstLine(e));
                    }
                }
            }
        }

        /**
         * Fits one epoch's minibatches (at most {@link #perEpoch}, none after the deadline), in this JVM, on
         * {@link #workers} replicas or through the {@link EpochFitter}.
         */
        private Budget fitEpoch(int epoch) {
            meter.reset();
            TrainingState.Partial resumed = state.partial; // the epoch goes on from a mid-epoch checkpoint
            state.partial = null;
            long epochStart = clock.getAsLong() - (resumed == null ? 0 : (long) (resumed.seconds() * 1e9));
            if (resumed == null) {
                // the epoch's random draws (dropout) depend on the seed and the data order's position only, so a
                // resumed run draws what an uninterrupted one would
                Nd4j.getRandom().setSeed(seed * 1_000_003L + state.resets);
            }
            listeners.forEach(l -> l.onEpochStart(epoch, perEpoch));
            Budget budget = new Budget(train, deadline, spec.maxBatches(), clock, (n, tokens, examples) -> {
                listeners.forEach(l -> l.onBatch(n, tokens, examples));
                checkpointInside(n - 1, epochStart);
                anneal(epoch, n - 1);
            }, meter::diverged, workers > 1);
            budget.reset();
            if (resumed == null) {
                state.resets++;
            } else {
                budget.skip(resumed.batches());
                meter.restore(resumed.loss());
                Nd4j.getRandom().setStates(resumed.rngRoot(), resumed.rngNode());
                listeners.forEach(l -> l.onEpochResumed(resumed.batches(), budget.tokens(), budget.examples(),
                        resumed.seconds()));
            }
            int epochCount = net.getConfiguration().getEpochCount();
            if (fitter != null) {
                meter.external(fitter.fit(net, budget), budget.batches(), net);
            } else if (workers > 1) {
                fitParallel(budget);
            } else {
                net.fit(budget);
            }
            if (net.getConfiguration().getEpochCount() == epochCount) {
                // net.fit counts the epoch; ParallelWrapper and Spark's training master (M2.1/M2) do not, and
                // epoch learning-rate schedules read the count
                net.getConfiguration().setEpochCount(epochCount + 1);
            }
            listeners.forEach(l -> l.onEpochFitted(budget.batches()));
            return budget;
        }

        /**
         * {@code train.lrSchedule: cosine}: sets the learning rate of the minibatch about to be fitted, the
         * {@code fitted}-th done of epoch {@code epoch}, from the run's progress (the larger of its share of minibatches
         * and of its time budget): a linear rise over {@code train.lrWarmup}, then half a cosine down to 0, times the
         * rollbacks' scale. Progress counts in {@link #ANNEAL_STEPS} steps, so the rate changes (and DL4J rebuilds the
         * updater) that often at most, and a minibatch's rate depends on nothing but its place in the run (a resumed
         * run sets what an uninterrupted one had).
         */
        private void anneal(int epoch, int fitted) {
            if (spec.lrSchedule() != dev.seq4j.config.TrainSpec.LrSchedule.COSINE) {
                return;
            }
            // the minibatch's middle: neither the first nor the last one gets a rate of 0
            double progress = ((double) (epoch - 1) * perEpoch + fitted + 0.5) / ((double) spec.epochs() * perEpoch);
            if (spec.maxMinutes() > 0) {
                progress = Math.max(progress, 1 - (deadline - clock.getAsLong()) / (spec.maxMinutes() * 60e9));
            }
            double lr = spec.learningRate() * state.lrScale * cosine(quantized(Math.min(1, progress)), spec.lrWarmup());
            if (lr != annealed) {
                net.setLearningRate(lr);
                annealed = lr;
            }
        }

        /**
         * Writes a mid-epoch checkpoint ({@code train.checkpointEvery}) when {@code fitted} minibatches of the epoch
         * are a multiple of it: called as the next minibatch is handed over, before the network fits it, so the
         * weights, the loss so far and the random generator are those after {@code fitted}.
         */
        private void checkpointInside(int fitted, long epochStart) {
            int every = spec.checkpointEvery();
            if (every == 0 || fitted == 0 || fitted % every != 0 || meter.diverged()) {
                return;
            }
            org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandom();
            checkpoints.writePartial(state, new TrainingState.Partial(fitted,
                    (clock.getAsLong() - epochStart) / 1e9, meter.sums(), rng.rootState(), rng.nodeState()));
        }

        /**
         * One epoch on {@link #workers} replicas. A wrapper per epoch: its replicas start from the network's weights as
         * they are now (also after a rollback or a resume) and end averaged back into it.
         */
        private void fitParallel(Budget budget) {
            ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                    .workers(workers)
                    .averagingFrequency(spec.averagingFrequency())
                    .prefetchBuffer(spec.prefetch())
                    .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                    .averageUpdaters(true)
                    .reportScoreAfterAveraging(true)
                    .build();
            try {
                wrapper.setListeners(netListeners());
                wrapper.fit(budget);
            } finally {
                wrapper.shutdown();
            }
        }

        /**
         * Validates the fitted epoch (with the weight average swapped in, when there is one), keeps the model when it
         * is the best so far, and adds the epoch's log to the state.
         */
        private EpochLog validated(int epoch, long epochStart, double lr, Budget budget) {
            double fitSeconds = (clock.getAsLong() - epochStart) / 1e9;
            state.trainSeconds += fitSeconds;
            state.tokens += budget.tokens();
            double trainLoss = meter.perToken(budget.tokens(), budget.examples()) / tokenLoss;
            INDArray trained = average.swapIn(net);
            Map<String, Double> valid = validate.apply(net);
            boolean improved = objective.better(valid, state.bestValid);
            if (improved) {
                state.best = valid.get(objective.metric());
                state.bestValid = valid;
                state.bestEpoch = epoch;
                checkpoints.saveBest(state.inputs);
            }
            average.swapOut(net, trained);
            double seconds = (clock.getAsLong() - epochStart) / 1e9;
            state.wallSeconds += seconds;
            EpochLog log = new EpochLog(epoch, trainLoss, valid, lr, seconds, budget.tokens() / fitSeconds,
                    budget.dataSeconds() / fitSeconds, improved);
            state.history.add(log);
            state.epoch = epoch;
            return log;
        }

        /** After a non-finite loss or weights: back to the last checkpoint when rollbacks are left, else a stop. */
        private Stop rollBackOrStop(int epoch) {
            String what = meter.divergence() + " in epoch " + epoch;
            if (spec.onDivergence() == dev.seq4j.config.TrainSpec.OnDivergence.ROLLBACK && state.rollbacks < spec.rollbacks()) {
                checkpoints.rollBack(state, what);
                return null;
            }
            Stop stop = new Stop("diverged: " + what + "; " + advice(), false);
            console.println("epoch " + epoch + ": " + stop.reason());
            console.flush();
            return stop;
        }

        /** Why to stop after the epoch of {@code log}, or {@code null} to go on. */
        private Stop stopAfter(EpochLog log, boolean expired) {
            int epoch = log.epoch();
            // a non-finite training loss ends the epoch at once (ScoreMeter); here, the validation metric
            if (!Double.isFinite(log.valid().get(objective.metric()))) {
                return new Stop("diverged: the validation " + objective.metric() + " is not finite at epoch " + epoch
                        + "; " + advice(), false);
            }
            if (expired || (clock.getAsLong() - deadline > 0 && epoch < spec.epochs())) {
                return new Stop("time budget of " + spec.maxMinutes() + " minutes reached in epoch " + epoch, false);
            }
            if (outOfPatience(spec, epoch, state.bestEpoch)) {
                return new Stop("early stopping: no improvement for " + spec.patience() + " epochs", false);
            }
            String outside = epoch < spec.epochs() ? stopRule.stopReason(epoch, state.best) : null;
            return outside == null ? null : new Stop(outside, true);
        }

        /** What to try after a divergence. */
        private String advice() {
            return String.format(Locale.ROOT, "the best model (epoch %d) and the last good checkpoint are kept; try a "
                            + "lower train.learningRate (now %s), gradient clipping (train.clipNorm, now %s)%s",
                    state.bestEpoch, number(spec.learningRate() * state.lrScale), number(spec.clipNorm()),
                    spec.onDivergence() == dev.seq4j.config.TrainSpec.OnDivergence.ROLLBACK ? " or more train.rollbacks (now " + spec.rollbacks() + ")"
                            : " or train.onDivergence: rollback");
        }
    }

    /** Why training stopped; {@code pruned} when the {@link StopRule} said so. */
    private record Stop(String reason, boolean pruned) {
    }

    /** Whether {@code patience} epochs have gone by since the best one: early stopping (never with patience 0). */
    static boolean outOfPatience(TrainSpec spec, int epoch, int bestEpoch) {
        return spec.patience() > 0 && epoch - bestEpoch >= spec.patience();
    }

    static String number(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** The steps of progress the cosine schedule tells apart. */
    static final int ANNEAL_STEPS = 1000;

    /** {@code progress} in [0, 1] at the middle of its step of {@link #ANNEAL_STEPS}. */
    static double quantized(double progress) {
        return (Math.min(Math.floor(progress * ANNEAL_STEPS), ANNEAL_STEPS - 1) + 0.5) / ANNEAL_STEPS;
    }

    /**
     * The cosine schedule's factor at {@code progress} in [0, 1]: {@code progress / warmup} while warming up, then
     * {@code (1 + cos(pi * (progress - warmup) / (1 - warmup))) / 2}.
     */
    static double cosine(double progress, double warmup) {
        if (progress < warmup) {
            return progress / warmup;
        }
        return 0.5 * (1 + Math.cos(Math.PI * (progress - warmup) / (1 - warmup)));
    }

    /** The learning rate of the first layer that has one (not a frozen one, not one without parameters). */
    private static double learningRate(ComputationGraph net) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            Double lr = net.getLearningRate(layer.conf().getLayer().getLayerName());
            if (lr != null) {
                return lr;
            }
        }
        return Double.NaN;
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
}
