package dev.seq4j.model;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.model.layers.FastLSTM;
import dev.seq4j.model.layers.GRU;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The recurrent stack every task builds on: settings shared by all layers (seed, Adam with its learning-rate
 * schedule, gradient clipping, L2) and the stacked recurrent layers {@code rnn0 .. rnnN}.
 */
public final class RecurrentStack {
    /** The name of the first recurrent layer, the one that reads the network's input. */
    public static final String FIRST = "rnn0";

    private RecurrentStack() {
    }

    /**
     * The learning-rate schedule of {@code train} with every rate multiplied by {@code scale} (after rollbacks), or
     * {@code null} for a constant rate.
     */
    public static org.nd4j.linalg.schedule.ISchedule learningRate(TrainSpec train, double scale) {
        return switch (train.lrSchedule()) {
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.EPOCH, train.learningRate() * scale,
                    train.lrGamma());
            case STEP -> new StepSchedule(ScheduleType.EPOCH, train.learningRate() * scale, train.lrGamma(),
                    train.lrStep());
            default -> null;
        };
    }

    /** A graph builder with the run's seed, updater, learning-rate schedule, clipping and weight decay. */
    public static ComputationGraphConfiguration.GraphBuilder graph(long seed, TrainSpec train) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(learningRate(train, 1.0) == null ? new Adam(train.learningRate())
                        : new Adam(learningRate(train, 1.0)));
        if (train.clipNorm() > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(train.clipNorm());
        } else if (train.clipValue() > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(train.clipValue());
        }
        if (train.l2() > 0) {
            base.l2(train.l2());
        }
        return base.graphBuilder();
    }

    /**
     * Adds the stacked recurrent layers on top of {@code input}: {@code [mb, nIn, T] -> [mb, outSize, T]} where
     * {@code outSize} is the last layer's size, doubled by a concatenating bidirectional stack. With
     * {@code residual}, each layer after the first adds its input to its output (through a linear projection
     * {@code proj_i} where the sizes differ):
     * <pre>
     * rnn0 -> rnn1 -> res1 = rnn1 + (proj1(rnn0) | rnn0) -> rnn2 -> res2 = rnn2 + res1 ...
     * </pre>
     *
     * @return the name of the top vertex
     */
    public static String addLayers(ComputationGraphConfiguration.GraphBuilder graph, ModelSpec spec, String input,
                                   int nIn) {
        return addLayers(graph, spec, input, nIn, "");
    }

    /**
     * As {@link #addLayers(ComputationGraphConfiguration.GraphBuilder, ModelSpec, String, int)}, every vertex's name
     * starting with {@code prefix} (a second stack in the same graph, such as a tagger's char LM).
     */
    public static String addLayers(ComputationGraphConfiguration.GraphBuilder graph, ModelSpec spec, String input,
                                   int nIn, String prefix) {
        String below = input;
        int size = nIn;
        for (int i = 0; i < spec.layers().size(); i++) {
            String name = prefix + "rnn" + i;
            int nOut = spec.layers().get(i);
            Layer layer = cell(spec.cell(), size, nOut, spec.dropout(), spec.forgetBias());
            if (i == 0 && graph.getNetworkInputs().contains(input)) {
                // DL4J would compute the gradient with respect to a network input and drop it
                if (layer instanceof FastLSTM fast) {
                    fast.inputGradient(false);
                } else if (layer instanceof GRU gru) {
                    gru.inputGradient(false);
                }
            }
            if (spec.bidirectional() != dev.seq4j.config.ModelSpec.Direction.NONE) {
                layer = new Bidirectional(spec.bidirectional() == dev.seq4j.config.ModelSpec.Direction.CONCAT ? Bidirectional.Mode.CONCAT
                        : Bidirectional.Mode.ADD, layer);
            }
            graph.addLayer(name, layer, below);                          // [mb, outSize(i), T]
            int out = outputSize(spec, i);
            if (spec.residual() && i > 0) {
                String skip = below;
                if (size != out) {
                    skip = prefix + "proj" + i;                                  // [mb, size, T] -> [mb, out, T]
                    graph.addLayer(skip, new TimeDistributed(new DenseLayer.Builder().nIn(size).nOut(out)
                            .activation(Activation.IDENTITY).hasBias(false).build()), below);
                }
                graph.addVertex(prefix + "res" + i, new ElementWiseVertex(ElementWiseVertex.Op.Add), name, skip);
                name = prefix + "res" + i;
            }
            below = name;
            size = out;
        }
        return below;
    }

    /**
     * The names {@link #addLayers} gives the stack's recurrent layers, bottom up, when each reads the one below and
     * nothing else (no residual connections); else null.
     */
    public static java.util.List<String> chain(ModelSpec spec) {
        if (spec.residual() && spec.layers().size() > 1) {
            return null;
        }
        return java.util.stream.IntStream.range(0, spec.layers().size()).mapToObj(i -> "rnn" + i).toList();
    }

    /** The name {@link #addLayers} gives the stack's top vertex. */
    public static String top(ModelSpec spec) {
        int last = spec.layers().size() - 1;
        return (spec.residual() && last > 0 ? "res" : "rnn") + last;
    }

    /** Width of layer {@code i}'s output: its size, twice that for a concatenating bidirectional layer. */
    public static int outputSize(ModelSpec spec, int i) {
        return spec.layers().get(i) * (spec.bidirectional() == dev.seq4j.config.ModelSpec.Direction.CONCAT ? 2 : 1);
    }

    /** Width of the stack's top output. */
    public static int outputSize(ModelSpec spec) {
        return outputSize(spec, spec.layers().size() - 1);
    }

    /** Turns on truncated BPTT when {@code tbpttLength} is set and shorter than the sequences. */
    public static void backprop(ComputationGraphConfiguration.GraphBuilder graph, TrainSpec train, int sequenceLength) {
        if (train.tbpttLength() > 0 && train.tbpttLength() < sequenceLength) {
            graph.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(train.tbpttLength())
                    .tBPTTBackwardLength(train.tbpttBackLength() > 0 ? train.tbpttBackLength() : train.tbpttLength());
        }
    }

    /**
     * One recurrent layer: {@code [mb, nIn, T] -> [mb, nOut, T]}.
     *
     * @param dropout    probability of dropping each input
     * @param forgetBias initial forget-gate bias (LSTM cells only)
     */
    public static BaseRecurrentLayer cell(dev.seq4j.config.ModelSpec.Cell cell, int nIn, int nOut, double dropout, double forgetBias) {
        BaseRecurrentLayer.Builder<?> builder = switch (cell) {
            case LSTM -> new LSTM.Builder().forgetGateBiasInit(forgetBias).activation(Activation.TANH);
            case PEEPHOLE_LSTM -> new GravesLSTM.Builder().forgetGateBiasInit(forgetBias).activation(Activation.TANH);
            case GRU -> new GRU.Builder();
            case SIMPLE_RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
        };
        builder.nIn(nIn).nOut(nOut);
        if (dropout > 0) {
            builder.dropOut(new Dropout(1 - dropout)); // DL4J takes the retain probability
        }
        BaseRecurrentLayer layer = (BaseRecurrentLayer) builder.build();
        // the same LSTM with our faster CPU implementation (FastLSTMLayer says where it defers to DL4J's)
        return layer instanceof LSTM lstm ? FastLSTM.of(lstm) : layer;
    }
}
