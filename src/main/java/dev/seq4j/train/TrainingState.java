package dev.seq4j.train;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the training loop carries from epoch to epoch, held once: the loop and its listeners update this object, and a
 * {@link Checkpoint} writes it as it is ({@code state.json}, by Jackson from the fields, in the order below; the weight
 * average goes to {@code average.bin}) and reads it back the same way. The keys are those of checkpoint format 1, so
 * run directories checkpointed before this class existed still resume ({@code CheckpointFormatTest}).
 * <p>
 * The network's weights and updater state are not here but in the checkpoint's {@code model.zip}; DL4J keeps its
 * iteration and epoch counts in the network's configuration, and {@link #countersFrom} takes them just before a
 * checkpoint is written.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonPropertyOrder({"format", "epoch", "resets", "iterations", "epochCount", "history", "bestEpoch", "best",
        "bestValid", "tokens", "trainSeconds", "wallSeconds", "averageUpdates", "lrScale", "rollbacks", "inputs",
        "partial"})
final class TrainingState {
    /** The layout of {@code state.json} this version writes and reads. */
    static final int FORMAT = 1;

    /** {@link #FORMAT} when written; a file without it is refused. */
    int format;
    /** Epochs completed. */
    int epoch;
    /** Resets of the training iterator so far: each shuffles, so a resume replays them to reach the same data order. */
    int resets;
    /** DL4J's iteration count (Adam's bias correction, iteration schedules) at the last checkpoint. */
    int iterations;
    /** DL4J's epoch count (epoch schedules) at the last checkpoint. */
    int epochCount;
    /** One {@link EpochLog} per completed epoch: the rows of {@code metrics.csv}. */
    @JsonSetter(nulls = Nulls.FAIL)
    List<EpochLog> history = new ArrayList<>();
    /** The epoch of the best model so far, 0 before the first. */
    int bestEpoch;
    /** Its objective; the objective's worst value before the first. */
    double best;
    /** Its validation metrics ({@code null} before the first), for {@link Objective#better}'s tie-break. */
    Map<String, Double> bestValid;
    /** Target tokens trained on. */
    long tokens;
    /** Seconds spent fitting minibatches. */
    double trainSeconds;
    /** Wall time of all epochs so far, training and validation: what the time budget has used. */
    double wallSeconds;
    /** Minibatches folded into {@link #average}. */
    long averageUpdates;
    /** Factor on the configured learning rate after rollbacks (1 when none). */
    double lrScale;
    /** Rollbacks after divergence so far. */
    int rollbacks;
    /** SHA-256 of the run's input files when training started; a resume refuses other data. */
    @JsonSetter(nulls = Nulls.FAIL)
    Map<String, String> inputs = Map.of();
    /**
     * Where a mid-epoch checkpoint ({@code train.checkpointEvery}) stands in epoch {@code epoch + 1}; {@code null} at
     * the end of an epoch. The iterator's reset of that epoch is already counted in {@link #resets}.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    Partial partial;

    /**
     * An epoch cut short by a mid-epoch checkpoint: what a resume needs to go on from its next minibatch as if never
     * stopped.
     *
     * @param batches minibatches of the epoch fitted
     * @param seconds wall-clock seconds the epoch had run
     * @param loss    the {@link ScoreMeter}'s sums so far
     * @param rngRoot ND4J's random generator (dropout) as it was: its root state
     * @param rngNode and its node state
     */
    record Partial(int batches, double seconds, ScoreMeter.Sums loss, long rngRoot, long rngNode) {
    }

    /** The exponential moving average of the weights ({@link WeightAverage}), or {@code null} when off or empty. */
    @JsonIgnore
    INDArray average;

    /** For Jackson, which fills the fields from {@code state.json}. */
    private TrainingState() {
    }

    /** A new run's state before its first epoch. */
    TrainingState(double worst, Map<String, String> inputs) {
        this.format = FORMAT;
        this.lrScale = 1;
        this.best = worst;
        this.inputs = inputs;
    }

    /** Takes DL4J's iteration and epoch counts from {@code net}, for a checkpoint. */
    void countersFrom(ComputationGraph net) {
        iterations = net.getConfiguration().getIterationCount();
        epochCount = net.getConfiguration().getEpochCount();
    }

    /** Puts the counts of the checkpoint this state was read from into {@code net}. */
    void countersInto(ComputationGraph net) {
        net.getConfiguration().setIterationCount(iterations);
        net.getConfiguration().setEpochCount(epochCount);
    }

    /** The last completed epoch's log; the history must not be empty. */
    EpochLog last() {
        return history.get(history.size() - 1);
    }

    int format() {
        return format;
    }

    int epoch() {
        return epoch;
    }

    int resets() {
        return resets;
    }

    int iterations() {
        return iterations;
    }

    int epochCount() {
        return epochCount;
    }

    long averageUpdates() {
        return averageUpdates;
    }
}
