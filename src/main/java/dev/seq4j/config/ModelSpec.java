package dev.seq4j.config;

import java.util.List;
import java.util.Locale;

/**
 * The recurrent stack shared by every task.
 *
 * @param cell    {@code lstm}, {@code peephole_lstm} (DL4J's GravesLSTM), {@code gru} (ours, Cho et al. 2014)
 *                or {@code simple_rnn}
 * @param layers  sizes of the stacked recurrent layers, bottom first
 * @param dropout       probability of dropping each input of a recurrent layer, in [0, 1)
 * @param bidirectional {@code none}, {@code concat} or {@code add}: run each layer both ways and join the two
 * @param residual      add each stacked layer's input to its output (projected where the sizes differ)
 * @param forgetBias    initial forget-gate bias of {@code lstm} and {@code peephole_lstm} ("unit forget bias")
 * @param embedding     size of the learned token embedding (text classification)
 * @param pooling       how a classifier reads the sequence: {@code last} time step, or {@code max} or {@code avg}
 *                      over all (unmasked) steps
 * @param classWeights  {@code none}, or {@code balanced}: each class's loss weighted by n / (classes * count)
 * @param forecaster    forecasting: {@code direct} (the whole horizon at once from the stack's last step) or
 *                      {@code autoregressive} (an encoder-decoder: an LSTM decoder unrolls the horizon one step at
 *                      a time from the encoder's last state, fed its own previous step)
 * @param attention     encoder-decoder tasks: {@code none} (the decoder sees only the encoder's last state) or
 *                      {@code dot} (each decoder step also reads a weighted mean of all encoder steps, weighted by a
 *                      softmax of scaled dot products of learned projections: Luong et al. 2015's "general" score)
 * @param decoder       encoder-decoder tasks: the decoder LSTM's size; 0 means the encoder's output width
 * @param ensemble      seq2seq: how many models to train side by side, one thread each, from seeds {@code seed},
 *                      {@code seed + 1}, ...; decoding averages their next-token probabilities. On a machine with
 *                      as many cores as members this costs little extra time (each recurrent model keeps about
 *                      one core busy)
 */
public record ModelSpec(String cell, List<Integer> layers, Double dropout, String bidirectional, Boolean residual,
                        Double forgetBias, Integer embedding, String pooling, String classWeights,
                        String forecaster, String attention, Integer decoder, Integer ensemble) {
    public static final List<String> CELLS = List.of("lstm", "peephole_lstm", "gru", "simple_rnn");
    public static final List<String> DIRECTIONS = List.of("none", "concat", "add");
    public static final List<String> POOLING = List.of("last", "max", "avg");
    public static final List<String> CLASS_WEIGHTS = List.of("none", "balanced");
    public static final List<String> FORECASTERS = List.of("direct", "autoregressive");
    public static final List<String> ATTENTION = List.of("none", "dot");

    public ModelSpec {
        cell = cell == null ? "lstm" : cell.strip().toLowerCase(Locale.ROOT);
        layers = layers == null ? List.of(128, 128) : List.copyOf(layers);
        dropout = dropout == null ? 0.0 : dropout;
        bidirectional = bidirectional == null ? "none" : bidirectional.strip().toLowerCase(Locale.ROOT);
        residual = residual != null && residual;
        forgetBias = forgetBias == null ? 1.0 : forgetBias;
        embedding = embedding == null ? 64 : embedding;
        pooling = pooling == null ? "last" : pooling.strip().toLowerCase(Locale.ROOT);
        classWeights = classWeights == null ? "none" : classWeights.strip().toLowerCase(Locale.ROOT);
        forecaster = forecaster == null ? "direct" : forecaster.strip().toLowerCase(Locale.ROOT);
        attention = attention == null ? "none" : attention.strip().toLowerCase(Locale.ROOT);
        decoder = decoder == null ? 0 : decoder;
        ensemble = ensemble == null ? 1 : ensemble;
        ConfigException.check(CELLS.contains(cell), "cell", "unknown cell '" + cell + "', expected one of " + CELLS);
        ConfigException.check(!layers.isEmpty(), "layers", "needs at least one layer size");
        for (Integer size : layers) {
            ConfigException.check(size != null && size > 0 && size <= 65536, "layers",
                    "layer sizes must be in 1..65536, got " + layers);
        }
        ConfigException.check(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        ConfigException.check(DIRECTIONS.contains(bidirectional), "bidirectional",
                "unknown mode '" + bidirectional + "', expected one of " + DIRECTIONS);
        ConfigException.check(Double.isFinite(forgetBias), "forgetBias", "must be a number, got " + forgetBias);
        ConfigException.check(embedding >= 1 && embedding <= 65536, "embedding", "must be in 1..65536, got " + embedding);
        ConfigException.check(POOLING.contains(pooling), "pooling", "must be one of " + POOLING + ", got '" + pooling + "'");
        ConfigException.check(CLASS_WEIGHTS.contains(classWeights), "classWeights",
                "must be one of " + CLASS_WEIGHTS + ", got '" + classWeights + "'");
        ConfigException.check(FORECASTERS.contains(forecaster), "forecaster",
                "must be one of " + FORECASTERS + ", got '" + forecaster + "'");
        ConfigException.check(ATTENTION.contains(attention), "attention",
                "must be one of " + ATTENTION + ", got '" + attention + "'");
        ConfigException.check(decoder >= 0 && decoder <= 65536, "decoder", "must be in 0..65536 (0: the encoder's width), got " + decoder);
        ConfigException.check(ensemble >= 1 && ensemble <= 16, "ensemble", "must be in 1..16, got " + ensemble);
    }
}
