package dev.seq4j.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of the weights (Polyak and Juditsky 1992), updated after every minibatch's update:
 * {@code avg = d * avg + (1 - d) * w}, starting from the weights after the first minibatch. The decay warms up as
 * {@code d = min(decay, (1 + n) / (10 + n))} after n minibatches (as TensorFlow's {@code ExponentialMovingAverage}
 * with {@code num_updates}), so the first epochs are not dominated by the initial weights. Validation and the
 * saved model use the average; training goes on from the plain weights.
 * <p>
 * The average and its n are the {@link TrainingState}'s ({@code average}, {@code averageUpdates}), so a checkpoint
 * saves them and a resume or a rollback restores them with the rest.
 */
final class WeightAverage extends BaseTrainingListener implements EpochListener {
    private final double decay;
    private TrainingState state;

    WeightAverage(double decay) {
        this.decay = decay;
    }

    @Override
    public void onTrainingBegin(TrainingState state, boolean resumed) {
        this.state = state;
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) { // replicas call at once
        if (decay == 0) {
            return;
        }
        INDArray w = model.params();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (state.average == null) {
                state.average = w.dup();
            } else {
                double d = Math.min(decay, (1.0 + state.averageUpdates) / (10.0 + state.averageUpdates));
                state.average.muli(d).addi(w.mul(1 - d));
            }
            state.averageUpdates++;
        }
    }

    /** Puts the average into {@code net} and returns the plain weights it replaced (null when off or empty). */
    INDArray swapIn(ComputationGraph net) {
        if (state.average == null) {
            return null;
        }
        INDArray trained;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            trained = net.params().dup();
        }
        net.params().assign(state.average);
        return trained;
    }

    /** Restores the plain weights {@link #swapIn} returned. */
    void swapOut(ComputationGraph net, INDArray trained) {
        if (trained != null) {
            net.params().assign(trained);
        }
    }
}
