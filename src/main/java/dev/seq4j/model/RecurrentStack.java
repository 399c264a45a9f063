package dev.seq4j.model;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.model.layers.GRU;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
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
    private RecurrentStack() {
    }

    /** A graph builder with the run's seed, updater, learning-rate schedule, clipping and weight decay. */
    public static ComputationGraphConfiguration.GraphBuilder graph(long seed, TrainSpec train) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(switch (train.lrSchedule()) {
                    case "exponential" -> new Adam(new ExponentialSchedule(ScheduleType.EPOCH, train.learningRate(),
                            train.lrGamma()));
                    case "step" -> new Adam(new StepSchedule(ScheduleType.EPOCH, train.learningRate(),
                            train.lrGamma(), train.lrStep()));
                    default -> new Adam(train.learningRate());
                });
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
     * Adds the stacked recurrent layers on top of {@code input}: {@code [mb, nIn, T] -> [mb, layers[last], T]}.
     *
     * @return the name of the top layer
     */
    public static String addLayers(ComputationGraphConfiguration.GraphBuilder graph, ModelSpec spec, String input,
                                   int nIn) {
        String below = input;
        int size = nIn;
        for (int i = 0; i < spec.layers().size(); i++) {
            String name = "rnn" + i;
            int nOut = spec.layers().get(i);
            graph.addLayer(name, cell(spec, size, nOut), below); // [mb, nOut, T]
            below = name;
            size = nOut;
        }
        return below;
    }

    /** Turns on truncated BPTT when {@code tbpttLength} is set and shorter than the sequences. */
    public static void backprop(ComputationGraphConfiguration.GraphBuilder graph, TrainSpec train, int sequenceLength) {
        if (train.tbpttLength() > 0 && train.tbpttLength() < sequenceLength) {
            graph.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(train.tbpttLength())
                    .tBPTTBackwardLength(train.tbpttLength());
        }
    }

    private static BaseRecurrentLayer cell(ModelSpec spec, int nIn, int nOut) {
        BaseRecurrentLayer.Builder<?> builder = switch (spec.cell()) {
            case "lstm" -> new LSTM.Builder().forgetGateBiasInit(1.0).activation(Activation.TANH);
            case "peephole_lstm" -> new GravesLSTM.Builder().forgetGateBiasInit(1.0).activation(Activation.TANH);
            case "gru" -> new GRU.Builder();
            case "simple_rnn" -> new SimpleRnn.Builder().activation(Activation.TANH);
            default -> throw new IllegalArgumentException("unknown cell " + spec.cell());
        };
        builder.nIn(nIn).nOut(nOut);
        if (spec.dropout() > 0) {
            builder.dropOut(new Dropout(1 - spec.dropout())); // DL4J takes the retain probability
        }
        return (BaseRecurrentLayer) builder.build();
    }
}
