package dev.seq4j.train;

import dev.seq4j.RunException;
import dev.seq4j.run.RunDirectory;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The run's {@code steps.csv}: a row every {@code train.logEvery} minibatches, appended and flushed as training goes,
 * so that a long epoch can be watched (and plotted, {@code seq4j ui}) between the lines of {@code metrics.csv}.
 * Columns:
 * <pre>
 * epoch, batch        the epoch, and the minibatches of it fitted so far
 * step                minibatches of the run (DL4J's iteration count, which checkpoints keep)
 * seconds             wall-clock seconds of training since the run began (resumed runs go on from their checkpoint's)
 * train_loss          the training loss over the row's minibatches, per target token in the task's unit
 * lr                  the learning rate of the row's last minibatch (the epoch's, but for lrSchedule: cosine)
 * grad_norm           L2 norm of the row's last minibatch's whole gradient: of the loss DL4J minimises (summed over
 *                     time steps, averaged over the minibatch's sequences), before train.clipNorm clips it per layer
 *                     (NaN when not seen)
 * tokens_per_s        targets (tokens, texts, series) per second over the row's minibatches
 * heap_mb, rss_mb     Java heap in use, and the process's resident memory (heap, ND4J's arrays, the JVM)
 * </pre>
 * A resumed run rewrites the file first with the rows of the epochs its checkpoint holds, dropping those of the epoch
 * the kill cut short (and a last line cut in the middle). A row costs one norm of the gradient, a read of
 * {@code /proc/self/statm} and an unsynced append: the file is a record, not a checkpoint.
 * <p>
 * It is a DL4J listener too, to see the gradient before the updater turns it into the step; that happens only on the
 * last minibatch of a row. With {@code --gpus N} the minibatches are fitted on replicas ahead of the hand-over, so a
 * row's loss there is over the minibatches finished by its time; with {@code --spark} the epoch is fitted elsewhere
 * and the file gets one row at its end.
 */
final class StepsFile extends BaseTrainingListener implements EpochListener {
    static final String HEADER = "epoch,batch,step,seconds,train_loss,lr,grad_norm,tokens_per_s,heap_mb,rss_mb";

    private final RunDirectory run;
    private final int every;
    private final double tokenLoss;
    private final ScoreMeter meter;
    private final Model net;
    private final ToDoubleFunction<Model> learningRate;
    /** The learning rate of the last minibatch fitted (cosine sets one per minibatch), or the epoch's before any. */
    private volatile double lr = Double.NaN;
    private final boolean perBatch;
    private Writer out;
    private TrainingState state;
    private int epoch;
    private int planned;
    private long epochStart;
    // the last row's position in the epoch: batches, targets, examples, summed loss (nats) and time
    private int rowBatches;
    private long rowTokens;
    private long rowExamples;
    private double rowLoss;
    private long rowScored;
    private long rowNanos;
    // what the minibatch being handed over brings: its targets are counted when the next one is handed over
    private long handedTokens;
    private long handedExamples;
    private volatile boolean wantNorm;
    private volatile double gradNorm = Double.NaN;

    /**
     * @param every        minibatches per row ({@code train.logEvery}, at least 1)
     * @param tokenLoss    the loss per target token in nats that makes one of the task's loss unit
     * @param learningRate the network's current learning rate
     * @param perBatch     whether minibatches are fitted as they are handed over (not by an {@link EpochFitter},
     *                     which gets the epoch's and reports after it: one row at the epoch's end then)
     */
    StepsFile(RunDirectory run, int every, double tokenLoss, ScoreMeter meter, Model net,
              ToDoubleFunction<Model> learningRate, boolean perBatch) {
        this.run = run;
        this.every = every;
        this.tokenLoss = tokenLoss;
        this.meter = meter;
        this.net = net;
        this.learningRate = learningRate;
        this.perBatch = perBatch;
    }

    @Override
    public void onTrainingBegin(TrainingState state, boolean resumed) {
        this.state = state;
        try {
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            if (resumed) {
                kept.addAll(rowsUpTo(state.epoch, state.partial == null ? 0 : state.partial.batches()));
            }
            run.writeString(RunDirectory.STEPS, String.join("\n", kept) + "\n");
            out = Files.newBufferedWriter(run.path(RunDirectory.STEPS), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RunException("cannot write " + run.path(RunDirectory.STEPS) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The complete rows of epochs up to {@code last}, and of the next one's first {@code batches} minibatches, in the
     * file as it is (a kill may have cut its last line).
     */
    private List<String> rowsUpTo(int last, int batches) throws IOException {
        List<String> rows = new ArrayList<>();
        String text;
        try {
            text = Files.readString(run.path(RunDirectory.STEPS), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return rows;
        }
        List<String> lines = text.lines().toList();
        int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        int columns = HEADER.split(",").length;
        for (int i = 1; i < complete; i++) {
            String[] cells = lines.get(i).split(",", -1);
            try {
                int epoch = cells.length == columns ? Integer.parseInt(cells[0]) : Integer.MAX_VALUE;
                if (epoch <= last || (epoch == last + 1 && Integer.parseInt(cells[1]) <= batches)) {
                    rows.add(lines.get(i));
                }
            } catch (NumberFormatException e) {
                // not one of our rows: left out
            }
        }
        return rows;
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        this.epoch = epoch;
        this.planned = batches;
        epochStart = System.nanoTime();
        lr = learningRate.applyAsDouble(net);
        rowNanos = epochStart;
        rowBatches = 0;
        rowTokens = 0;
        rowExamples = 0;
        rowLoss = 0;
        rowScored = 0;
        handedTokens = 0;
        handedExamples = 0;
        gradNorm = Double.NaN;
        wantNorm = every == 1 || batches == 1;
    }

    @Override
    public void onEpochResumed(int batches, long tokens, long examples, double seconds) {
        // rows go on from the checkpoint's position, as if the minibatches before it had been fitted here
        epochStart -= (long) (seconds * 1e9);
        rowBatches = batches;
        rowTokens = tokens;
        rowExamples = examples;
        rowLoss = meter.summed(examples);
        rowScored = meter.scored();
        handedTokens = tokens;
        handedExamples = examples;
    }

    @Override
    public void onBatch(int batch, long tokens, long examples) {
        int fitted = batch - 1; // batch n is handed over now: n - 1 are fitted
        if (perBatch && fitted > rowBatches && fitted % every == 0) {
            row(fitted, handedTokens, handedExamples);
        }
        handedTokens = tokens;
        handedExamples = examples;
        // the norm of this minibatch's gradient when it is the last of a row
        wantNorm = batch % every == 0 || batch == planned;
    }

    @Override
    public void onEpochFitted(int batches) {
        if (batches > rowBatches) {
            row(batches, handedTokens, handedExamples);
        }
        wantNorm = false;
    }

    /**
     * After each minibatch: its learning rate (read here, not when the row is written: after an epoch's last minibatch
     * DL4J counts the epoch, and an epoch schedule then gives the next one's).
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        lr = learningRate.applyAsDouble(net);
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (!wantNorm) {
            return;
        }
        Gradient gradient = model.gradient();
        INDArray flat = gradient == null ? null : gradient.gradient();
        if (flat != null) {
            gradNorm = flat.norm2Number().doubleValue();
        }
    }

    private void row(int batches, long tokens, long examples) {
        long now = System.nanoTime();
        double loss = meter.summed(examples);
        long scored = meter.scored();
        double seconds = (now - rowNanos) / 1e9;
        long targets = tokens - rowTokens;
        double trainLoss = targets > 0 && scored > rowScored ? (loss - rowLoss) / targets / tokenLoss : Double.NaN;
        Runtime jvm = Runtime.getRuntime();
        String line = String.format(Locale.ROOT, "%d,%d,%d,%.3f,%.6g,%.6g,%.6g,%.6g,%.1f,%.1f%n", epoch, batches,
                stepCount(), state.wallSeconds + (now - epochStart) / 1e9, trainLoss,
                lr, gradNorm, seconds > 0 ? targets / seconds : Double.NaN,
                (jvm.totalMemory() - jvm.freeMemory()) / 1048576.0, Pointer.physicalBytes() / 1048576.0);
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new RunException("cannot write " + run.path(RunDirectory.STEPS) + ": " + e.getMessage(), e);
        }
        rowBatches = batches;
        rowTokens = tokens;
        rowExamples = examples;
        rowLoss = loss;
        rowScored = scored;
        rowNanos = now;
        gradNorm = Double.NaN;
    }

    private long stepCount() {
        return net instanceof org.deeplearning4j.nn.graph.ComputationGraph g
                ? g.getConfiguration().getIterationCount() : -1;
    }

    @Override
    public void onTrainingEnd() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // every row was flushed when written
            }
            out = null;
        }
    }
}
