package dev.seq4j.config;

import java.util.Arrays;
import java.util.Locale;

/** The tasks seq4j runs, each with the record that holds its {@code data} section. */
public enum Task {
    /** Character language model: predict the next character, generate text. */
    CHARLM("charlm", CharLmDataSpec.class),
    /** Text classification: one label per text (many-to-one). */
    TEXTCLASS("textclass", TextClassDataSpec.class),
    /** Time-series classification: one label per multivariate series (many-to-one). */
    SERIESCLASS("seriesclass", SeriesClassDataSpec.class),
    /** Sequence tagging: one tag per token (synced many-to-many), from CoNLL column files. */
    TAGGING("tagging", TaggingDataSpec.class),
    /** Forecasting: the next steps of one or more time series (many-to-one regression). */
    FORECAST("forecast", ForecastDataSpec.class),
    /** Encoder-decoder: a target sequence of its own length for each source sequence (translation, spelling to sound). */
    SEQ2SEQ("seq2seq", PairsDataSpec.class),
    /** Captioning: a word sequence for each image (one-to-many). */
    CAPTION("caption", CaptionDataSpec.class);

    private final String id;
    private final Class<? extends DataSpec> dataSpec;

    Task(String id, Class<? extends DataSpec> dataSpec) {
        this.id = id;
        this.dataSpec = dataSpec;
    }

    public String id() {
        return id;
    }

    public Class<? extends DataSpec> dataSpec() {
        return dataSpec;
    }

    /** Refuses model options that make no sense for this task; called when a config is loaded. */
    void check(RunConfig config) {
        if (this == CHARLM && !config.model().bidirectional().equals("none")) {
            throw new ConfigException("model.bidirectional", "a char LM predicts each character from the ones before "
                    + "it, so it cannot read the text backwards; use none");
        }
        if (this == CHARLM && !config.model().pooling().equals("last")) {
            throw new ConfigException("model.pooling", "a char LM predicts at every step and pools nothing; use last");
        }
        if ((this == TAGGING || this == FORECAST || this == SEQ2SEQ || this == CAPTION) && !config.model().pooling().equals("last")) {
            throw new ConfigException("model.pooling", "this task reads the last step and pools nothing; use last");
        }
        if ((this == TAGGING || this == FORECAST || this == SEQ2SEQ || this == CAPTION) && config.train().tbpttLength() > 0) {
            throw new ConfigException("train.tbpttLength", "this task reads whole windows, sentences or pairs; use 0");
        }
        if (this != FORECAST && !config.model().forecaster().equals("direct")) {
            throw new ConfigException("model.forecaster", "is for forecasting; use direct");
        }
        if (this != SEQ2SEQ && !config.model().attention().equals("none")) {
            throw new ConfigException("model.attention", "is for encoder-decoders (seq2seq); use none");
        }
        if (this != SEQ2SEQ && this != CAPTION && config.model().decoder() != 0) {
            throw new ConfigException("model.decoder", "is for encoder-decoders (seq2seq, caption); use 0");
        }
        if (this != SEQ2SEQ && config.model().ensemble() != 1) {
            throw new ConfigException("model.ensemble", "is for encoder-decoders (seq2seq); use 1");
        }
        if (this != SEQ2SEQ && this != CAPTION && config.train().labelSmoothing() > 0) {
            throw new ConfigException("train.labelSmoothing", "is for encoder-decoders (seq2seq, caption); use 0");
        }
        if (this == CAPTION && !config.model().bidirectional().equals("none")) {
            throw new ConfigException("model.bidirectional", "a caption's decoder writes one word after another; use none");
        }
        if ((this == CHARLM || this == TAGGING || this == FORECAST || this == SEQ2SEQ || this == CAPTION)
                && !config.model().classWeights().equals("none")) {
            throw new ConfigException("model.classWeights", "is for classification tasks; use none");
        }
    }

    public static Task of(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigException("task", "unknown task '" + id + "', expected one of "
                        + Arrays.stream(values()).map(Task::id).toList()));
    }
}
