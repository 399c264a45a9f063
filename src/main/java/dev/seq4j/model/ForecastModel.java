package dev.seq4j.model;

import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
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
}
