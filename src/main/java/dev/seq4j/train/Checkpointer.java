package dev.seq4j.train;

import dev.seq4j.RunException;
import dev.seq4j.UserException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.model.RecurrentStack;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@link Checkpoint}s and best model: the state a run starts from (a new one, checkpointed as epoch 0, or the
 * latest checkpoint's when it resumes), a checkpoint after every epoch, the run's {@code model.zip} whenever an epoch
 * improves on the best, and the rollback to the last checkpoint after a divergence.
 */
final class Checkpointer implements EpochListener {
    private final TrainSpec spec;
    private final RunDirectory run;
    private final ComputationGraph net;
    private final java.io.PrintWriter console;
    private final Checkpoint.Opener opener;
    private boolean resumed;
    /** Which checkpoints to keep, once {@link #start} knows the objective. */
    private Checkpoint.Keep keep = Checkpoint.Keep.LATEST;

    Checkpointer(TrainSpec spec, RunDirectory run, ComputationGraph net, java.io.PrintWriter console,
                 Checkpoint.Opener opener) {
        this.spec = spec;
        this.run = run;
        this.net = net;
        this.console = console;
        this.opener = opener;
    }

    /**
     * The state training starts from: that of the latest checkpoint of a resumed run, its weights, updater state,
     * counts and learning-rate scale put into the network and {@code train} reset as often as the interrupted run had
     * reset it; otherwise a new state, checkpointed as epoch 0 (what a rollback in the first epoch returns to).
     *
     * @param inputs SHA-256 of the run's input files now; a resumed run's must be its checkpoint's
     */
    TrainingState start(MultiDataSetIterator train, Objective objective, Map<String, String> inputs) {
        keep = new Checkpoint.Keep(spec.keepCheckpoints(), spec.keepBest(), objective);
        Path latest = run.resuming() ? Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS)) : null;
        if (latest == null) {
            if (run.resuming()) {
                console.println("resume: no checkpoint yet; training from the start");
                console.flush();
            }
            TrainingState state = new TrainingState(objective.worst(), inputs);
            write(state);
            return state;
        }
        TrainingState state = load(latest).state();
        // the data order of the next epoch is the one the interrupted run would have seen; a mid-epoch checkpoint's
        // epoch has had its reset, which the trainer makes again before it skips the minibatches already fitted
        for (int r = 0; r < state.resets - (state.partial == null ? 0 : 1); r++) {
            train.reset();
        }
        if (!state.inputs.equals(inputs)) {
            throw new UserException("--resume " + run.root() + ": the run's input files (" + String.join(", ",
                    state.inputs.keySet()) + ") differ from those its checkpoint was trained with; resume needs "
                    + "the same data, or start a new run");
        }
        if (state.bestEpoch == 0) {
            state.best = objective.worst();
        }
        restoreBest(latest, state);
        resumed = true;
        return state;
    }

    /** Whether {@link #start} went on from a checkpoint. */
    boolean resumed() {
        return resumed;
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochLog log, int batches) {
        write(state);
    }

    /**
     * Writes a mid-epoch checkpoint ({@code train.checkpointEvery}) of {@code state} standing at {@code partial}; the
     * older checkpoints go as {@code train.keepCheckpoints} says.
     */
    void writePartial(TrainingState state, TrainingState.Partial partial) {
        state.partial = partial;
        try {
            write(state);
        } finally {
            state.partial = null;
        }
    }

    /** Saves the network as the run's best model, {@code model.zip}. */
    void saveBest(Map<String, String> inputs) {
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

    /**
     * After a divergence: the network, its updater and its weight average back as the last checkpoint has them, the
     * learning rate lowered. The data order goes on, so the retried epoch sees a new shuffle.
     */
    void rollBack(TrainingState state, String what) {
        Path latest = Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS));
        if (latest == null) {
            throw new RunException("diverged: " + what + ", and there is no checkpoint to roll back to");
        }
        TrainingState saved = load(latest).state();
        state.average = saved.average;
        state.averageUpdates = saved.averageUpdates;
        state.rollbacks++;
        state.lrScale *= spec.rollbackFactor(); // compounds over rollbacks to the same checkpoint
        applyLearningRate(state.lrScale);
        state.epoch = saved.epoch;
        // a mid-epoch checkpoint's weights too: the epoch is tried again from its start with them
        console.printf(Locale.ROOT, "epoch %d: %s; rolled back to the checkpoint of epoch %d%s, learning rate x%s "
                        + "(rollback %d of %d)%n", state.epoch + 1, what, state.epoch,
                saved.partial == null ? "" : " and " + saved.partial.batches() + " minibatches",
                Trainer.number(state.lrScale), state.rollbacks, spec.rollbacks());
        console.flush();
    }

    /** Writes the checkpoint of {@code state.epoch}; a failure stops the run, the previous checkpoint intact. */
    private void write(TrainingState state) {
        state.countersFrom(net);
        try {
            Checkpoint.write(run.path(RunDirectory.CHECKPOINTS), state, net,
                    state.bestEpoch > 0 ? run.path(RunDirectory.MODEL) : null, opener, keep);
        } catch (IOException | RuntimeException e) {
            Path previous = Checkpoint.latest(run.path(RunDirectory.CHECKPOINTS));
            throw new RunException("cannot write the checkpoint " + (state.partial == null ? "of epoch " + state.epoch
                    : Checkpoint.name(state)) + " in "
                    + run.path(RunDirectory.CHECKPOINTS) + " (" + message(e) + "); "
                    + (previous == null ? "no earlier checkpoint exists"
                    : "the previous checkpoint (" + previous.getFileName() + ") is intact: free space and run "
                    + "seq4j train --resume " + run.root()), e);
        }
    }

    /** Puts a checkpoint's weights, updater state, counts and learning-rate scale into the network. */
    private Checkpoint.Loaded load(Path dir) {
        Checkpoint.Loaded c = Checkpoint.read(dir);
        ModelFile.Contents m = c.model();
        if (m.params() == null || m.params().length() != net.params().length()) {
            throw new UserException(dir.resolve(Checkpoint.MODEL) + ": "
                    + (m.params() == null ? 0 : m.params().length()) + " weights, but the run's config builds a model of "
                    + net.params().length() + "; the checkpoint belongs to another run");
        }
        net.params().assign(m.params());
        TrainingState s = c.state();
        INDArray view = net.getUpdater().getStateViewArray();
        if (view != null && m.updater() != null && view.length() == m.updater().length()) {
            view.assign(m.updater());
        } else if (view != null && view.length() > 0 && (m.updater() != null || s.iterations > 0)) {
            throw new UserException(dir.resolve(Checkpoint.MODEL) + ": no updater state that fits the model; the "
                    + "checkpoint is damaged");
        } else if (view != null) {
            // a checkpoint before the first minibatch written by an earlier version, without updater state: the state
            // of an updater that has not yet updated is all zeros (Adam's moments, Nesterov's velocity)
            view.assign(0);
        }
        s.countersInto(net);
        applyLearningRate(s.lrScale);
        return c;
    }

    /** The best model as of the checkpoint, undoing a model.zip saved after it by the epoch that was cut short. */
    private void restoreBest(Path latest, TrainingState state) {
        try {
            Path best = latest.resolve(Checkpoint.BEST);
            if (Files.exists(best, LinkOption.NOFOLLOW_LINKS)) {
                best = RunFiles.inside(run.root(), best); // never copies a file from outside the run
                Path tmp = run.temporary(RunDirectory.MODEL);
                Files.copy(best, tmp, StandardCopyOption.REPLACE_EXISTING);
                RunDirectory.sync(tmp);
                RunDirectory.moveAtomically(tmp, run.path(RunDirectory.MODEL));
            } else {
                Files.deleteIfExists(run.path(RunDirectory.MODEL));
            }
            Checkpoint.prune(run.path(RunDirectory.CHECKPOINTS), state, keep);
        } catch (IOException e) {
            throw new RunException("cannot restore " + run.path(RunDirectory.MODEL) + " from " + latest + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private void applyLearningRate(double scale) {
        if (scale == 1) {
            return;
        }
        ISchedule schedule = RecurrentStack.learningRate(spec, scale);
        if (schedule == null) {
            net.setLearningRate(spec.learningRate() * scale);
        } else {
            net.setLearningRate(schedule);
        }
    }

    /** The first line of an exception's message, or of its cause's for a wrapped I/O error. */
    private static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String m = UserException.firstLine(t);
        // a bare path (NoSuchFileException, AccessDeniedException) says nothing without the exception's name
        return t instanceof java.nio.file.FileSystemException && !m.contains(" ")
                ? t.getClass().getSimpleName() + ": " + m : m;
    }
}
