package dev.seq4j.api;

import dev.seq4j.run.RunDirectory;

/**
 * The built-in tasks' models, made from an opened run directory: what each task's
 * {@code dev.seq4j.task.SequenceTask#load} returns. Programs load runs with {@link Seq4j#load(java.nio.file.Path)};
 * these are for task implementations.
 */
public final class RunModels {
    private RunModels() {
    }

    /**
     * A character language model.
     *
     * @param run an opened run of the {@code charlm} task
     * @return its model, loaded once
     */
    public static CharLanguageModel charLanguageModel(RunDirectory run) {
        return RunCharLanguageModel.load(run);
    }

    /**
     * A text classifier.
     *
     * @param run an opened run of the {@code textclass} task
     * @return its model, loaded once
     */
    public static TextClassifier textClassifier(RunDirectory run) {
        return RunTextClassifier.load(run);
    }

    /**
     * A series classifier.
     *
     * @param run an opened run of the {@code seriesclass} task
     * @return its model, loaded once
     */
    public static SeriesClassifier seriesClassifier(RunDirectory run) {
        return RunSeriesClassifier.load(run);
    }

    /**
     * A sequence tagger.
     *
     * @param run an opened run of the {@code tagging} task
     * @return its model, loaded once
     */
    public static Tagger tagger(RunDirectory run) {
        return RunTagger.load(run);
    }

    /**
     * A forecaster.
     *
     * @param run an opened run of the {@code forecast} task
     * @return its model, loaded once
     */
    public static Forecaster forecaster(RunDirectory run) {
        return RunForecaster.load(run);
    }

    /**
     * An encoder-decoder.
     *
     * @param run an opened run of the {@code seq2seq} task
     * @return its model (or ensemble), loaded once
     */
    public static Translator translator(RunDirectory run) {
        return RunTranslator.load(run);
    }

    /**
     * An image captioner.
     *
     * @param run an opened run of the {@code caption} task
     * @return its model, loaded once
     */
    public static Captioner captioner(RunDirectory run) {
        return RunCaptioner.load(run);
    }
}
