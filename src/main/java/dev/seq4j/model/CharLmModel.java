package dev.seq4j.model;

import dev.seq4j.config.CharLmDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.layers.FastRnnOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Character language model, the seeds' "jeep" example: synced many-to-many, one softmax over the
 * vocabulary per time step, predicting the next character.
 * <pre>
 * chars [mb, V, T] (one-hot) -> rnn0 .. rnnN [mb, H, T] -> out: softmax [mb, V, T]
 * </pre>
 */
public final class CharLmModel {
    public static final String INPUT = "chars";
    public static final String OUTPUT = "out";

    private CharLmModel() {
    }

    public static ComputationGraphConfiguration configuration(RunConfig config, int vocabSize) {
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(INPUT)
                .setInputTypes(InputType.recurrent(vocabSize));
        String top = RecurrentStack.addLayers(graph, config.model(), INPUT, vocabSize);
        graph.addLayer(OUTPUT, FastRnnOutputLayer.of(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(RecurrentStack.outputSize(config.model()))
                        .nOut(vocabSize)
                        .build()), top) // [mb, V, T]
                .setOutputs(OUTPUT);
        RecurrentStack.backprop(graph, config.train(), ((CharLmDataSpec) config.data()).sequenceLength());
        return graph.build();
    }
}
