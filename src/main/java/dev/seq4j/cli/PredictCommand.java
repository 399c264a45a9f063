package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.ClassPrediction;
import dev.seq4j.api.InputException;
import dev.seq4j.api.SeriesClassifier;
import dev.seq4j.api.TextClassifier;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import dev.seq4j.data.text.LabelledText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code seq4j predict RUN_DIR --data FILE [--out FILE]}: a label and class probabilities per row, as TSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Predict a label for each text or series with a finished classifier run; writes TSV: line "
                + "(text) or sequence (series), predicted label, each class's probability, and the text.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a classification task")
    Path runDir;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "texts or series to classify, in the training data's format (labels are optional)")
    Path data;

    @Mixin
    OutputOption out;

    /**
     * Rows classified per call: the eval iterators' minibatch, so that predict's probabilities are the numbers eval
     * computes for the same rows (the padding of a minibatch follows its longest row); to about 1e-6 where the typed
     * API classifies texts in plain Java (FrozenClassifier) rather than through DL4J.
     */
    static final int CHUNK = 64;

    @Override
    public Integer call() throws IOException {
        dev.seq4j.task.SequenceTask task = dev.seq4j.task.Tasks.of(dev.seq4j.api.Seq4j.task(runDir));
        if (!TextClassifier.class.isAssignableFrom(task.modelType())
                && !dev.seq4j.api.SeriesClassifier.class.isAssignableFrom(task.modelType())) {
            throw new UserException(runDir + ": predict is for classification runs; this is a " + task.id() + " run"
                    + (task.command().isEmpty() ? "" : " (use seq4j " + task.command() + ")"));
        }
        TrainedModel model = dev.seq4j.api.Seq4j.load(runDir);
        StringWriter buffer = new StringWriter();
        int rows;
        if (model instanceof TextClassifier classifier) {
            List<LabelledText> texts = LabelledText.read("--data", data, (TextClassDataSpec) model.config().data(),
                    false);
            List<ClassPrediction> p = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += CHUNK) {
                List<LabelledText> chunk = texts.subList(from, Math.min(from + CHUNK, texts.size()));
                try {
                    p.addAll(classifier.classify(chunk.stream().map(LabelledText::text).toList()));
                } catch (InputException e) { // named by its line of the file
                    throw new UserException("--data: " + data + " line " + chunk.get(e.index()).line() + ": "
                            + e.reason());
                }
            }
            write(buffer, "line", texts.stream().map(r -> Integer.toString(r.line())).toList(), classifier.labels(),
                    p, texts.stream().map(LabelledText::text).toList());
            rows = texts.size();
        } else {
            SeriesClassifier classifier = (SeriesClassifier) model;
            List<LabelledSeries> series = SeriesClassData.read("--data", data,
                    (SeriesClassDataSpec) model.config().data(), classifier.features(), null).series();
            List<ClassPrediction> p = new ArrayList<>();
            for (int from = 0; from < series.size(); from += CHUNK) {
                p.addAll(classifier.classify(series.subList(from, Math.min(from + CHUNK, series.size())).stream()
                        .map(LabelledSeries::values).toList()));
            }
            write(buffer, "sequence", series.stream().map(LabelledSeries::id).toList(), classifier.labels(), p, null);
            rows = series.size();
        }
        out.emit(buffer.toString(), rows + " rows");
        return Seq4j.OK;
    }

    /**
     * The table, TSV with a header: {@code <idColumn>, predicted, p(<class>)...} (six decimals), then the text when
     * {@code texts} are given (tabs in it turned to spaces).
     */
    private static void write(Writer out, String idColumn, List<String> ids, List<String> labels,
                              List<ClassPrediction> predictions, List<String> texts) throws IOException {
        out.write(idColumn + "\tpredicted");
        for (String label : labels) {
            out.write("\tp(" + label + ")");
        }
        out.write(texts == null ? "\n" : "\ttext\n");
        for (int i = 0; i < ids.size(); i++) {
            ClassPrediction p = predictions.get(i);
            out.write(ids.get(i) + "\t" + p.label());
            for (String label : labels) {
                out.write(String.format(Locale.ROOT, "\t%.6f", p.probability(label)));
            }
            out.write(texts == null ? "\n" : "\t" + texts.get(i).replace('\t', ' ') + "\n");
        }
    }
}
