package dev.seq4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;

/**
 * The updater of a frozen layer ({@code train.freeze}): it turns every gradient into a zero update, so the layer's
 * parameters stay as {@code train.init} copied them while the gradient still flows through the layer to those below
 * it (what DL4J's {@code FrozenLayerWithBackprop} does, without wrapping the layer: a wrapped recurrent layer is no
 * longer a {@code RecurrentLayer} to DL4J, which then neither carries its state between truncated-BPTT segments nor
 * steps it one time step at a time, and every inference path here would meet an unknown layer). A learning rate set on
 * the network (a rollback's) passes it by; it holds no state.
 */
public final class FrozenUpdater implements IUpdater {
    private static final long serialVersionUID = 1L;

    /** Whether a layer with updater {@code u} is frozen. */
    public static boolean frozen(IUpdater u) {
        return u instanceof FrozenUpdater;
    }

    @Override
    public long stateSize(long numParams) {
        return 0;
    }

    @Override
    public GradientUpdater<FrozenUpdater> instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new Zeroing(this);
    }

    @Override
    public GradientUpdater<FrozenUpdater> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new Zeroing(this);
    }

    @Override
    public FrozenUpdater clone() {
        return new FrozenUpdater();
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return 0;
    }

    @Override
    public boolean hasLearningRate() {
        return false;
    }

    /** Ignored: a frozen layer keeps its parameters whatever rate the rest of the network is given. */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        // frozen
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrozenUpdater;
    }

    @Override
    public int hashCode() {
        return FrozenUpdater.class.hashCode();
    }

    @Override
    public String toString() {
        return "FrozenUpdater()";
    }

    /** Makes the update of every parameter zero. */
    private record Zeroing(FrozenUpdater config) implements GradientUpdater<FrozenUpdater> {
        @Override
        public FrozenUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            // no state
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            // no state
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            gradient.assign(0);
        }
    }
}
