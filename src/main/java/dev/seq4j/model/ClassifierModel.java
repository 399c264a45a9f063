package dev.seq4j.model;

import dev.seq4j.config.RunConfig;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Many-to-one classifiers: token sequences ({@link #textConfiguration}) and real-valued series
 * ({@link #seriesConfiguration}). For text:
 * <pre>
 * tokens [mb, 1, T] (ids) -> embed [mb, E, T] -> rnn0 .. rnnN [mb, H, T]
 *   -> pool: last unmasked step (LastTimeStepVertex) or masked max/avg over steps [mb, H]
 *   -> out: softmax [mb, C]
 * </pre>
 */
public final class ClassifierModel {
    public static final String INPUT = "tokens";
    public static final String SERIES_INPUT = "series";
    public static final String OUTPUT = "out";
    /** The input of contextual char-LM features ({@code model.charLm}), when the text classifier has them. */
    public static final String CONTEXT = "context";
    /** The token embedding of the text classifier, as wide as its vocabulary. */
    public static final String EMBEDDING = "embed";

    private ClassifierModel() {
    }

    /**
     * @param classWeights per-class loss weights, or {@code null} for none
     */
    public static ComputationGraphConfiguration textConfiguration(RunConfig config, int vocabSize, int classes,
                                                                  double[] classWeights) {
        return textConfiguration(config, vocabSize, classes, classWeights, 0);
    }

    /**
     * As above, with {@code context} features per token from char LMs ({@link #CONTEXT}, {@code [mb, context, T]}, the
     * second input) joined to the token's embedding before the first recurrent layer; 0 for none.
     */
    public static ComputationGraphConfiguration textConfiguration(RunConfig config, int vocabSize, int classes,
                                                                  double[] classWeights, int context) {
        return textConfiguration(config, vocabSize, classes, classWeights, context, List.of());
    }

    /**
     * As above, with char LMs that run inside the classifier and train with it ({@code model.charLmTrainable}), each
     * token's state joined to its embedding; their inputs follow the tokens (and {@link #CONTEXT}, if any).
     */
    public static ComputationGraphConfiguration textConfiguration(RunConfig config, int vocabSize, int classes,
                                                                  double[] classWeights, int context,
                                                                  List<CharLmBranch> lms) {
        int embedding = config.model().embedding();
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train());
        // no input types: DL4J would set the embedding's nIn to the id dimension, 1
        List<String> inputs = new java.util.ArrayList<>(List.of(INPUT));
        if (context > 0) {
            inputs.add(CONTEXT);
        }
        lms.forEach(lm -> inputs.addAll(lm.inputs()));
        graph.addInputs(inputs.toArray(String[]::new));
        graph.addLayer(EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(embedding)
                .inferInputLength(true).build(), INPUT);                     // [mb, E, T]
        List<String> merged = new java.util.ArrayList<>(List.of(EMBEDDING));
        int width = embedding;
        if (context > 0) {
            merged.add(CONTEXT);
            width += context;
        }
        for (CharLmBranch lm : lms) {
            merged.add(lm.addTo(graph));
            width += lm.width();
        }
        String below = EMBEDDING;
        if (merged.size() > 1) {
            graph.addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(),
                    merged.toArray(String[]::new));
            below = "merge";                                                 // [mb, E + context, T]
        }
        String top = RecurrentStack.addLayers(graph, config.model(), below, width);
        return head(graph, config, INPUT, top, classWeights, classes);
    }

    /**
     * Many-to-one classification of real-valued series:
     * <pre>
     * series [mb, F, T] (normalised values) -> rnn0 .. rnnN [mb, H, T] -> pool [mb, H] -> out: softmax [mb, C]
     * </pre>
     */
    public static ComputationGraphConfiguration seriesConfiguration(RunConfig config, int features, int classes,
                                                                    double[] classWeights) {
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(SERIES_INPUT);
        String top = RecurrentStack.addLayers(graph, config.model(), SERIES_INPUT, features);
        return head(graph, config, SERIES_INPUT, top, classWeights, classes);
    }

    /**
     * The many-to-one head on the stack's output {@code top} [mb, H, T]: pooling, then softmax; {@code input}
     * carries the mask that tells {@link LastTimeStepVertex} where each sequence ends.
     */
    private static ComputationGraphConfiguration head(ComputationGraphConfiguration.GraphBuilder graph,
                                                      RunConfig config, String input, String top, double[] classWeights,
                                                      int classes) {
        int width = RecurrentStack.outputSize(config.model());
        switch (config.model().pooling()) {
            case LAST -> graph.addVertex("pool", new LastTimeStepVertex(input), top);              // [mb, H]
            case MAX -> graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), top);
            default -> graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), top);
        }
        LossMCXENT loss = classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(classWeights));
        graph.addLayer(OUTPUT, new OutputLayer.Builder(loss).activation(Activation.SOFTMAX).nIn(width).nOut(classes)
                .build(), "pool")                                             // [mb, C]
                .setOutputs(OUTPUT);
        return graph.build();
    }
}
