package dev.seq4j.model;

import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Many-to-one forecaster: reads the last {@code L} steps of every column and outputs the whole horizon of every
 * target at once.
 * <pre>
 * series [mb, F, L] (scaled) -> rnn0 .. rnnN [mb, H, L] -> last step [mb, H] -> out: linear [mb, targets * horizon]
 * </pre>
 * Trained with the mean squared error on scaled values.
 */
public final class ForecastModel {
    public static final String INPUT = "series";
    public static final String OUTPUT = "out";

    private ForecastModel() {
    }

    public static ComputationGraphConfiguration oneShot(RunConfig config, int features, int outputs) {
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(INPUT)
                .setInputTypes(InputType.recurrent(features));
        String top = RecurrentStack.addLayers(graph, config.model(), INPUT, features);
        graph.addVertex("last", new LastTimeStepVertex(INPUT), top)                         // [mb, H]
                .addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(RecurrentStack.outputSize(config.model()))
                        .nOut(outputs)
                        .build(), "last")                                                    // [mb, T * H]
                .setOutputs(OUTPUT);
        return graph.build();
    }

    public static final String DECODER_INPUT = "previous";

    /**
     * Autoregressive encoder-decoder: the encoder reads the window; its last step, copied to every decoder step
     * (DL4J's {@code DuplicateToTimeSeriesVertex}), joins the previous step's (scaled) targets, and an LSTM decoder
     * gives each step's targets. Trained with teacher forcing (the decoder sees the true previous values);
     * forecasting feeds it its own.
     * <pre>
     * series [mb, F, L] -> rnn0 .. rnnN -> last step [mb, H] -> repeat [mb, H, horizon] --\
     * previous [mb, targets, horizon] ------------------------------------------------------> merge -> decoder LSTM [mb, H', horizon]
     *   -> out: linear [mb, targets, horizon]
     * </pre>
     */
    public static ComputationGraphConfiguration autoregressive(RunConfig config, int features, int targets) {
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(INPUT, DECODER_INPUT);
        String top = RecurrentStack.addLayers(graph, config.model(), INPUT, features);
        int context = RecurrentStack.outputSize(config.model());
        int decoder = config.model().layers().get(config.model().layers().size() - 1);
        graph.addVertex("last", new LastTimeStepVertex(INPUT), top)                                      // [mb, H]
                .addVertex("context", new DuplicateToTimeSeriesVertex(DECODER_INPUT), "last")           // [mb, H, h]
                .addVertex("decoderIn", new MergeVertex(), DECODER_INPUT, "context")                    // [mb, T + H, h]
                .addLayer("decoder", RecurrentStack.cell(config.model().cell(), targets + context, decoder,
                        config.model().dropout(), config.model().forgetBias()), "decoderIn")            // [mb, H', h]
                .addLayer(OUTPUT, new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(decoder)
                        .nOut(targets)
                        .dataFormat(RNNFormat.NCW)
                        .build(), "decoder")                                                           // [mb, T, h]
                .setOutputs(OUTPUT);
        return graph.build();
    }
}
