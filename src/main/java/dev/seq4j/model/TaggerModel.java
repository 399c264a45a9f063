package dev.seq4j.model;

import dev.seq4j.config.RunConfig;
import dev.seq4j.data.tagging.WordFeatures;
import dev.seq4j.model.layers.FastRnnOutputLayer;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Sequence tagger, synced many-to-many: a softmax over the tags at every token, from a (usually bidirectional)
 * recurrent stack that reads the whole sentence.
 * <pre>
 * words [mb, 1, T] -> embed [mb, E, T] --------------------------------\
 * suffixes [mb, 1, T] -> suffixEmbed [mb, 16, T] -> merge [mb, E+16+9, T] -> rnn0 .. rnnN [mb, H, T] -> out: softmax [mb, C, T]
 * shape [mb, 9, T] ------------------------------/
 * </pre>
 * Without character features only the word embedding feeds the stack.
 */
public final class TaggerModel {
    public static final String WORDS = "words";
    public static final String SUFFIXES = "suffixes";
    public static final String SHAPE = "shape";
    /** The input of contextual char-LM features ({@code model.charLm}), when the tagger has them. */
    public static final String CONTEXT = "context";
    public static final String OUTPUT = "out";
    /** The word embedding, as wide as the word vocabulary. */
    public static final String EMBEDDING = "embed";
    /** The suffix embedding (with {@code data.charFeatures: shape}), as wide as the suffix vocabulary. */
    public static final String SUFFIX_LAYER = "suffixEmbed";
    public static final int SUFFIX_EMBEDDING = 16;

    private TaggerModel() {
    }

    /**
     * @param shape whether to take the suffix and shape inputs
     */
    public static ComputationGraphConfiguration configuration(RunConfig config, int vocabSize, int suffixVocabSize,
                                                              boolean shape, int tags) {
        return configuration(config, vocabSize, suffixVocabSize, shape, tags, 0);
    }

    /**
     * As above, with {@code context} features per token from char LMs ({@link #CONTEXT}, {@code [mb, context, T]},
     * the last input) joined to the word's features; 0 for none.
     */
    public static ComputationGraphConfiguration configuration(RunConfig config, int vocabSize, int suffixVocabSize,
                                                              boolean shape, int tags, int context) {
        return configuration(config, vocabSize, suffixVocabSize, shape, tags, context, List.of());
    }

    /**
     * As above, with char LMs that run inside the tagger and train with it ({@code model.charLmTrainable}), each word's
     * state joined to its features; their inputs come last (after {@link #CONTEXT}, if any), a branch's in its order.
     */
    public static ComputationGraphConfiguration configuration(RunConfig config, int vocabSize, int suffixVocabSize,
                                                              boolean shape, int tags, int context,
                                                              List<CharLmBranch> lms) {
        int embedding = config.model().embedding();
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train());
        List<String> inputs = new java.util.ArrayList<>(List.of(WORDS));
        if (shape) {
            inputs.addAll(List.of(SUFFIXES, SHAPE));
        }
        if (context > 0) {
            inputs.add(CONTEXT);
        }
        lms.forEach(lm -> inputs.addAll(lm.inputs()));
        graph.addInputs(inputs.toArray(String[]::new));
        // no input types: DL4J would set the embeddings' nIn to the id dimension, 1
        graph.addLayer(EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(embedding)
                .inferInputLength(true).build(), WORDS);                                  // [mb, E, T]
        String below = EMBEDDING;
        int width = embedding;
        List<String> merged = new java.util.ArrayList<>(List.of(EMBEDDING));
        if (shape) {
            graph.addLayer(SUFFIX_LAYER, new EmbeddingSequenceLayer.Builder().nIn(suffixVocabSize)
                    .nOut(SUFFIX_EMBEDDING).inferInputLength(true).build(), SUFFIXES);    // [mb, 16, T]
            merged.addAll(List.of(SUFFIX_LAYER, SHAPE));
            width += SUFFIX_EMBEDDING + WordFeatures.SHAPE_SIZE;
        }
        if (context > 0) {
            merged.add(CONTEXT);
            width += context;
        }
        for (CharLmBranch lm : lms) {                                // [mb, H, T] a branch
            merged.add(lm.addTo(graph));
            width += lm.width();
        }
        if (merged.size() > 1) {                                     // [mb, E (+ 16 + 9) (+ context), T]
            graph.addVertex("merge", new MergeVertex(), merged.toArray(String[]::new));
            below = "merge";
        }
        String top = RecurrentStack.addLayers(graph, config.model(), below, width);
        graph.addLayer(OUTPUT, FastRnnOutputLayer.of(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(RecurrentStack.outputSize(config.model()))
                        .nOut(tags)
                        .dataFormat(RNNFormat.NCW) // unset, it is not NCW without input types
                        .build()), top)                                                  // [mb, C, T]
                .setOutputs(OUTPUT);
        return graph.build();
    }
}
