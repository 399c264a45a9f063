package dev.seq4j.config;

import java.util.List;

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
 * @param forecaster    forecasting: {@code direct} (the whole horizon at once from the stack's last step),
 *                      {@code autoregressive} (an encoder-decoder: an LSTM decoder unrolls the horizon one step at
 *                      a time from the encoder's last state, fed its own previous step), {@code ets} or {@code theta}
 *                      (no network: the classical method fitted to each target's own past wherever it forecasts),
 *                      or {@code auto} (a direct network, ETS, Theta and their means compared on the validation
 *                      origins; the best forecasts)
 * @param attention     encoder-decoder tasks: {@code none} (the decoder sees only the encoder's last state) or
 *                      {@code dot} (each decoder step also reads a weighted mean of all encoder steps, weighted by a
 *                      softmax of scaled dot products of learned projections: Luong et al. 2015's "general" score)
 * @param decoder       encoder-decoder tasks: the decoder LSTM's size; 0 means the encoder's output width
 * @param ensemble      seq2seq, forecast: how many models to train side by side, one thread each, from seeds
 *                      {@code seed}, {@code seed + 1}, ...; decoding averages their next-token probabilities, a
 *                      forecaster averages their forecasts; 1 unless {@code forecaster} is {@code auto}
 *                      ({@link #AUTO_ENSEMBLE}). On a machine with
 *                      as many cores as members this costs little extra time (each recurrent model keeps about
 *                      one core busy)
 * @param charLm        tagging, textclass: a finished forward char LM run whose hidden state at each word's last
 *                      character joins the word's features (contextual string embeddings); {@code null} for none. The
 *                      LM stays as it was trained; the run keeps a copy of it
 * @param charLmBackward tagging, textclass: likewise a backward char LM run ({@code data.reverse: true}), its state at each
 *                      word's first character read from the sentence's end
 * @param charLmTrainable tagging, textclass: train the char LMs with the model (their layers run inside it, at its
 *                      learning rate, starting from their trained weights) instead of keeping them as they are
 * @param global        forecast: one network for every target column, each read and forecast on its own with its own
 *                      scaling, its windows pooled (a global model: every series teaches the one network), instead
 *                      of one network that reads all the columns together and forecasts every target at once
 */
public record ModelSpec(Cell cell, List<Integer> layers, Double dropout, Direction bidirectional, Boolean residual,
                        Double forgetBias, Integer embedding, Pooling pooling, ClassWeights classWeights,
                        Forecaster forecaster, Attention attention, Integer decoder, Integer ensemble, String charLm,
                        String charLmBackward, Boolean charLmTrainable, Boolean global) {

    /**
     * {@code model.ensemble} when a config with {@code model.forecaster: auto} does not set it. On the forecasting
     * benchmark (14 unseen series, seeds 1-3) three networks' mean took auto's mean MASE over 12 rolling origins from
     * 1.772 to 1.588 (mostly federal receipts, where the ensemble won the validation that one network lost to ETS)
     * and on the last horizon from 1.886 to 1.872; the network alone gained about 1% over its members, and the
     * shipped elec_equip config's spread over five seeds fell from 0.041 to 0.013. Each member keeps about one core
     * busy: 1.8 times the wall time on two cores.
     */
    public static final int AUTO_ENSEMBLE = 3;

    public ModelSpec {
        cell = cell == null ? Cell.LSTM : cell;
        layers = layers == null ? List.of(128, 128) : List.copyOf(layers);
        dropout = dropout == null ? 0.0 : dropout;
        bidirectional = bidirectional == null ? Direction.NONE : bidirectional;
        residual = residual != null && residual;
        forgetBias = forgetBias == null ? 1.0 : forgetBias;
        embedding = embedding == null ? 64 : embedding;
        pooling = pooling == null ? Pooling.LAST : pooling;
        classWeights = classWeights == null ? ClassWeights.NONE : classWeights;
        forecaster = forecaster == null ? Forecaster.DIRECT : forecaster;
        attention = attention == null ? Attention.NONE : attention;
        decoder = decoder == null ? 0 : decoder;
        ensemble = ensemble == null ? (forecaster == Forecaster.AUTO ? AUTO_ENSEMBLE : 1) : ensemble;
        charLmTrainable = charLmTrainable != null && charLmTrainable;
        global = global != null && global;
        ConfigException.check(!layers.isEmpty(), "layers", "needs at least one layer size");
        for (Integer size : layers) {
            ConfigException.check(size != null && size > 0 && size <= 65536, "layers",
                    "layer sizes must be in 1..65536, got " + layers);
        }
        ConfigException.check(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        ConfigException.check(Double.isFinite(forgetBias), "forgetBias", "must be a number, got " + forgetBias);
        ConfigException.check(embedding >= 1 && embedding <= 65536, "embedding", "must be in 1..65536, got " + embedding);
        ConfigException.check(decoder >= 0 && decoder <= 65536, "decoder", "must be in 0..65536 (0: the encoder's width), got " + decoder);
        ConfigException.check(ensemble >= 1 && ensemble <= 16, "ensemble", "must be in 1..16, got " + ensemble);
        ConfigException.check(charLm == null || !charLm.isBlank(), "charLm", "must name a char LM run directory");
        ConfigException.check(charLmBackward == null || !charLmBackward.isBlank(), "charLmBackward",
                "must name a char LM run directory");
        ConfigException.check(!charLmTrainable || charLm != null || charLmBackward != null, "charLmTrainable",
                "trains the char LMs model.charLm and model.charLmBackward name, and there are none");
    }

    /** The recurrent cell: {@code model.cell}. */
    public enum Cell implements OptionValue {
        LSTM, PEEPHOLE_LSTM, GRU, SIMPLE_RNN;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code cell}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Cell of(String text) {
            return OptionValue.parse(Cell.class, text, "cell", "unknown cell '%1$s', expected one of %2$s");
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How a layer reads the sequence both ways and joins the two: {@code model.bidirectional}. */
    public enum Direction implements OptionValue {
        NONE, CONCAT, ADD;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code bidirectional}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Direction of(String text) {
            return OptionValue.parse(Direction.class, text, "bidirectional", "unknown mode '%1$s', expected one of %2$s");
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How a classifier reads the whole sequence: {@code model.pooling}. */
    public enum Pooling implements OptionValue {
        LAST, MAX, AVG;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code pooling}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Pooling of(String text) {
            return OptionValue.parse(Pooling.class, text, "pooling", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How each class's loss is weighted: {@code model.classWeights}. */
    public enum ClassWeights implements OptionValue {
        NONE, BALANCED;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code classWeights}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static ClassWeights of(String text) {
            return OptionValue.parse(ClassWeights.class, text, "classWeights", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How a forecaster makes its horizon: {@code model.forecaster}. */
    public enum Forecaster implements OptionValue {
        DIRECT, AUTOREGRESSIVE, ETS, THETA, AUTO;

        /** Whether a network is trained: not for {@code ets} and {@code theta}. */
        public boolean network() {
            return this != ETS && this != THETA;
        }

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code forecaster}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Forecaster of(String text) {
            return OptionValue.parse(Forecaster.class, text, "forecaster", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** What an encoder-decoder's decoder reads of the encoder: {@code model.attention}. */
    public enum Attention implements OptionValue {
        NONE, DOT;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code attention}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Attention of(String text) {
            return OptionValue.parse(Attention.class, text, "attention", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
