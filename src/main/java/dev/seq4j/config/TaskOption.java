package dev.seq4j.config;

/**
 * The {@code model} and {@code train} keys that only some tasks read. A task names the ones it reads in
 * {@link TaskType#options()}; a config of any other task must leave them at their defaults, so that a key that
 * would be silently ignored is an error instead. Checked in this order, each with its own one-line message.
 */
public enum TaskOption {
    /** {@code model.pooling} other than {@code last}: for tasks that read a whole sequence into one output. */
    POOLING("model.pooling", "this task reads the last step and pools nothing; use last"),
    /** {@code train.tbpttLength} above 0: for tasks whose sequences can be cut into segments. */
    TBPTT("train.tbpttLength", "this task reads whole windows, sentences or pairs; use 0"),
    /** {@code model.forecaster} other than {@code direct}. */
    FORECASTER("model.forecaster", "is for forecasting; use direct"),
    /** {@code model.attention} other than {@code none}. */
    ATTENTION("model.attention", "is for encoder-decoders (seq2seq); use none"),
    /** {@code model.decoder} other than 0. */
    DECODER("model.decoder", "is for encoder-decoders (seq2seq, caption); use 0"),
    /** {@code model.ensemble} other than 1. */
    ENSEMBLE("model.ensemble", "is for seq2seq and forecast; use 1"),
    /** {@code model.global} true. */
    GLOBAL("model.global", "is for forecast (one network over several series); use false"),
    /** {@code train.labelSmoothing} above 0. */
    LABEL_SMOOTHING("train.labelSmoothing", "is for encoder-decoders (seq2seq, caption); use 0"),
    /** {@code model.classWeights} other than {@code none}. */
    CLASS_WEIGHTS("model.classWeights", "is for classification tasks; use none"),
    /** {@code model.charLm} set. */
    CHAR_LM("model.charLm", "is for tagging and textclass (contextual character features); leave it out"),
    /** {@code model.charLmBackward} set. */
    CHAR_LM_BACKWARD("model.charLmBackward", "is for tagging and textclass (contextual character features); leave it out"),
    /** {@code train.wordDropout} above 0. */
    WORD_DROPOUT("train.wordDropout", "is for tagging (training on unknown words); use 0");

    private final String key;
    private final String unused;

    TaskOption(String key, String unused) {
        this.key = key;
        this.unused = unused;
    }

    /** The config key, e.g. {@code model.pooling}. */
    public String key() {
        return key;
    }

    /** Whether {@code config} sets this option away from its default. */
    boolean isSet(RunConfig config) {
        ModelSpec m = config.model();
        return switch (this) {
            case POOLING -> m.pooling() != ModelSpec.Pooling.LAST;
            case TBPTT -> config.train().tbpttLength() > 0;
            case FORECASTER -> m.forecaster() != ModelSpec.Forecaster.DIRECT;
            case ATTENTION -> m.attention() != ModelSpec.Attention.NONE;
            case DECODER -> m.decoder() != 0;
            case ENSEMBLE -> m.ensemble() != 1;
            case GLOBAL -> m.global();
            case LABEL_SMOOTHING -> config.train().labelSmoothing() > 0;
            case CLASS_WEIGHTS -> m.classWeights() != ModelSpec.ClassWeights.NONE;
            case CHAR_LM -> m.charLm() != null;
            case CHAR_LM_BACKWARD -> m.charLmBackward() != null;
            case WORD_DROPOUT -> config.train().wordDropout() > 0;
        };
    }

    /** Refuses a config that sets an option its task does not read; see {@link TaskType#options()}. */
    static void check(RunConfig config, TaskType task) {
        for (TaskOption option : values()) {
            if (!task.options().contains(option) && option.isSet(config)) {
                throw new ConfigException(option.key, option.unused);
            }
        }
    }
}
