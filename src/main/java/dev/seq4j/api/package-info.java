/**
 * The typed Java API for finished runs: {@link dev.seq4j.api.Seq4j#load(java.nio.file.Path)} reads a run directory
 * once (config, model, vocabularies, labels, normalisers, each checked against the model before any array is made)
 * and gives the task's model, which predicts from plain Java values: a {@link dev.seq4j.api.TextClassifier},
 * {@link dev.seq4j.api.SeriesClassifier}, {@link dev.seq4j.api.Tagger}, {@link dev.seq4j.api.Forecaster},
 * {@link dev.seq4j.api.Translator}, {@link dev.seq4j.api.Captioner} or {@link dev.seq4j.api.CharLanguageModel}.
 * This is DJL's {@code Predictor} idea: the pre- and post-processing a run needs live beside its network, so a
 * server, a notebook and the command line call the same object.
 * <p>
 * Every model is safe to call from many threads: calls to one model run one at a time (see {@link
 * dev.seq4j.api.TrainedModel}), and a batch call runs its inputs through the network together. Bad input (an empty
 * text, a series of the wrong width, a run of another task) is a {@link dev.seq4j.UserException} with a one-line
 * message; an input of a batch that cannot be used is an {@link dev.seq4j.api.InputException} naming its index.
 */
package dev.seq4j.api;
