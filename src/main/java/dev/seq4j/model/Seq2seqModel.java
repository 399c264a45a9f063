package dev.seq4j.model;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.layers.FastRnnOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Encoder-decoder (Sutskever et al. 2014, Cho et al. 2014), trained with teacher forcing:
 * <pre>
 * source [mb, 1, Ts] -> sourceEmbed [mb, E, Ts] -> rnn0 .. rnnN [mb, H, Ts] = memory
 *   memory -> last step [mb, H] -> repeat [mb, H, Tt] ---------------\
 * previous [mb, 1, Tt] (&lt;s&gt; t1 .. tn) -> targetEmbed [mb, E, Tt] ----> merge [mb, E + H, Tt] -> decoder [mb, D, Tt]
 *   without attention: decoder -> out: softmax [mb, V, Tt] (t1 .. tn &lt;/s&gt;)
 *   with attention:    attention(queries decoder, keys and values memory) [mb, D, Tt]
 *                      -> merge(decoder, attention) [mb, 2D, Tt] -> decoder2 [mb, D, Tt] -> out: softmax [mb, V, Tt]
 * </pre>
 * The encoder's state reaches the decoder as its last output copied to every decoder step (DL4J's
 * {@code DuplicateToTimeSeriesVertex}) rather than as the decoder's initial state: DL4J's recurrent layers take no
 * initial state inside a graph that is fitted, and an input at every step is a shorter path for gradients. The
 * attention (DL4J's {@code AttentionVertex}, one head, learned query, key, value and output projections, keys
 * masked past each source's end) is Luong et al.'s (2015) global attention, queried by the first decoder layer; a
 * second decoder layer reads the attended context with the first layer's output (as in Wu et al.'s 2016 GNMT),
 * so the recurrent state carries what was attended before. Luong's "input feeding" would do that by feeding the
 * context back into the first layer, which would force training to run a step at a time; this keeps
 * teacher-forced training to one pass over all steps.
 * <p>
 * Decoding uses {@link #step}: the same decoder layers in a graph that takes one step at a time, its inputs the
 * previous token, the encoder's last output and (with attention) the memory, parameters copied from the trained
 * graph by vertex name.
 */
public final class Seq2seqModel {
    public static final String SOURCE = "source";
    public static final String PREVIOUS = "previous";
    public static final String LAST = "last";
    public static final String ENCODED = "encoded";
    public static final String MEMORY = "memory";
    public static final String OUTPUT = "out";
    /** The source and target embeddings, as wide as the source and target vocabularies. */
    public static final String SOURCE_EMBEDDING = "sourceEmbed";
    public static final String TARGET_EMBEDDING = "targetEmbed";
    /** The decoder's recurrent layers: {@code decoder}, and with attention {@code decoder2} above it. */
    public static final String DECODER = "decoder";
    public static final String DECODER_TOP = "decoder2";
    /** The attention vertex, queried by {@code decoder}: keys and values the encoder's memory. */
    public static final String ATTENTION = "attention";

    private Seq2seqModel() {
    }

    /** The decoder LSTM's size: {@code model.decoder}, or the encoder's output width when that is 0. */
    public static int decoderSize(ModelSpec spec) {
        return spec.decoder() > 0 ? spec.decoder() : RecurrentStack.outputSize(spec);
    }

    /** The training graph: inputs {@code source, previous}, output {@code out}. */
    public static ComputationGraphConfiguration training(RunConfig config, int sourceVocab, int targetVocab) {
        ModelSpec spec = config.model();
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(SOURCE, PREVIOUS);
        // no input types: DL4J would set the embeddings' nIn to the id dimension, 1
        graph.addLayer(SOURCE_EMBEDDING, embedding(sourceVocab, spec.embedding()), SOURCE);         // [mb, E, Ts]
        String top = RecurrentStack.addLayers(graph, spec, "sourceEmbed", spec.embedding());    // [mb, H, Ts]
        graph.addVertex(LAST, new LastTimeStepVertex(SOURCE), top);                              // [mb, H]
        decoder(graph, spec, targetVocab, LAST, RecurrentStack.outputSize(spec), top);
        return graph.build();
    }

    /**
     * The one-step decoding graph: inputs {@code previous [n, 1, 1]}, {@code encoded [n, H]} (the encoder's last
     * output) and, with attention, {@code memory [n, H, Ts]}; output the next token's distribution {@code [n, V, 1]}.
     * Its parameters are the trained graph's decoder (copy them with {@link #copyParameters}).
     */
    public static ComputationGraphConfiguration step(RunConfig config, int targetVocab) {
        return step(config, targetVocab, RecurrentStack.outputSize(config.model()));
    }

    /** As {@link #step(RunConfig, int)}, for an encoder of width {@code h}. */
    public static ComputationGraphConfiguration step(RunConfig config, int targetVocab, int h) {
        ModelSpec spec = config.model();
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train());
        if (attention(spec)) {
            graph.addInputs(PREVIOUS, ENCODED, MEMORY);
        } else {
            graph.addInputs(PREVIOUS, ENCODED);
        }
        decoder(graph, spec, targetVocab, ENCODED, h, MEMORY);
        return graph.build();
    }

    private static boolean attention(ModelSpec spec) {
        return spec.attention() != dev.seq4j.config.ModelSpec.Attention.NONE;
    }

    /**
     * Adds the decoder, fed {@code last} ([mb, H]) at every step and (with attention) attending to {@code memory}
     * ([mb, H, Ts]); its output layer {@code out} is the graph's output.
     */
    static void decoder(ComputationGraphConfiguration.GraphBuilder graph, ModelSpec spec, int targetVocab,
                        String last, int h, String memory) {
        int d = decoderSize(spec);
        graph.addVertex("context", new DuplicateToTimeSeriesVertex(PREVIOUS), last)                // [mb, H, Tt]
                .addLayer(TARGET_EMBEDDING, embedding(targetVocab, spec.embedding()), PREVIOUS)        // [mb, E, Tt]
                .addVertex("decoderIn", new MergeVertex(), TARGET_EMBEDDING, "context")               // [mb, E + H, Tt]
                .addLayer(DECODER, RecurrentStack.cell(spec.cell(), spec.embedding() + h, d, spec.dropout(),
                        spec.forgetBias()), "decoderIn");                                           // [mb, D, Tt]
        String readout = DECODER;
        int width = d;
        if (attention(spec)) {
            graph.addVertex(ATTENTION, new AttentionVertex.Builder().nInQueries(d).nInKeys(h).nInValues(h)
                            .nOut(d).nHeads(1).projectInput(true).build(), DECODER, memory, memory) // [mb, D, Tt]
                    .addVertex("attended", new MergeVertex(), DECODER, ATTENTION)             // [mb, 2D, Tt]
                    .addLayer(DECODER_TOP, RecurrentStack.cell(spec.cell(), 2 * d, d, spec.dropout(),
                            spec.forgetBias()), "attended");                                        // [mb, D, Tt]
            readout = DECODER_TOP;
        }
        graph.addLayer(OUTPUT, FastRnnOutputLayer.of(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX)
                        .nIn(width)
                        .nOut(targetVocab)
                        .dataFormat(RNNFormat.NCW) // unset, it is not NCW without input types
                        .build()), readout)                                                        // [mb, V, Tt]
                .setOutputs(OUTPUT);
    }

    private static EmbeddingSequenceLayer embedding(int vocab, int size) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(size).inferInputLength(true).build();
    }

    /** Copies every parameter of {@code to} from the vertex of the same name in {@code from}. */
    public static void copyParameters(org.deeplearning4j.nn.graph.ComputationGraph from,
                                      org.deeplearning4j.nn.graph.ComputationGraph to) {
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : to.getVertices()) {
            if (v.numParams() > 0) {
                v.params().assign(from.getVertex(v.getVertexName()).params());
            }
        }
    }
}
