package dev.seq4j.data.series;

import dev.seq4j.UserException;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.data.HeldOut;
import dev.seq4j.data.Labels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Time-series classification data, loaded and checked before anything is written: the label set (from the
 * training part only) and the train, validation and optional test splits. Normalisation is not applied here:
 * the {@link SeriesIterator} applies a normaliser fitted on {@link #train} alone.
 *
 * @param features feature names, in column order
 * @param labels   class names in {@link Labels#sorted} order; class {@code i} is {@code labels.get(i)}
 */
public record SeriesClassData(List<String> features, List<String> labels, Split train, Split valid, Split test) {

    /** Series and their class ids ({@code -1} where read without labels). */
    public record Split(List<LabelledSeries> series, int[] classes) {
        public int size() {
            return classes.length;
        }
    }

    public static SeriesClassData load(SeriesClassDataSpec spec, long seed) {
        return load(spec, seed, null);
    }

    /**
     * As {@link #load(SeriesClassDataSpec, long)}, for a run that starts from another ({@code train.init}) trained on
     * {@code initLabels} ({@code null} for none): those are its labels where they hold every training label.
     */
    public static SeriesClassData load(SeriesClassDataSpec spec, long seed, List<String> initLabels) {
        SeriesSet all = SeriesReader.read("data.train", Path.of(spec.train()), spec, true);
        List<LabelledSeries> trainRows = all.series();
        List<LabelledSeries> validRows;
        if (spec.validFraction().isPresent()) {
            HeldOut<LabelledSeries> held = HeldOut.of(all.series(), spec.validFraction().getAsDouble(), seed, spec.train());
            trainRows = held.train();
            validRows = held.valid();
        } else {
            validRows = sameFeatures("data.valid", spec.valid(), all,
                    SeriesReader.read("data.valid", Path.of(spec.valid()), spec, true)).series();
        }
        List<LabelledSeries> testRows = spec.test() == null || spec.test().isBlank() ? null
                : sameFeatures("data.test", spec.test(), all,
                SeriesReader.read("data.test", Path.of(spec.test()), spec, true)).series();
        List<String> labels = Labels.continued(initLabels,
                Labels.sorted(trainRows.stream().map(LabelledSeries::label).toList()));
        if (labels.size() < 2) {
            throw new UserException("data.train: " + spec.train() + " has only the label " + labels
                    + "; a classifier needs at least two");
        }
        return new SeriesClassData(all.features(), labels, split("data.train", spec.train(), trainRows, labels),
                split("data.valid", spec.valid(), validRows, labels),
                testRows == null ? null : split("data.test", spec.test(), testRows, labels));
    }

    /**
     * Reads data for a finished run (eval, predict): same features as in training; a label the model was not
     * trained on is an error naming the sequence. {@code labels == null} reads no labels.
     */
    public static Split read(String key, Path path, SeriesClassDataSpec spec, List<String> features,
                             List<String> labels) {
        SeriesSet set = SeriesReader.read(key, path, spec, labels != null);
        int width = set.series().get(0).values()[0].length;
        if (width != features.size()) {
            throw new UserException(key + ": " + path + " has " + width + " feature" + (width == 1 ? "" : "s")
                    + " per step; the model was trained on " + features.size() + " " + features);
        }
        return split(key, path.toString(), set.series(), labels);
    }

    private static SeriesSet sameFeatures(String key, String source, SeriesSet train, SeriesSet other) {
        if (!train.sameFeatures(other)) {
            throw new UserException(key + ": " + source + " has features " + other.features() + ", the training data "
                    + train.features());
        }
        return other;
    }

    private static Split split(String key, String source, List<LabelledSeries> rows, List<String> labels) {
        int[] classes = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            classes[i] = labels == null ? -1 : labels.indexOf(rows.get(i).label());
            if (labels != null && classes[i] < 0) {
                // the files layout keeps each label in a file of its own: name that file
                Path labelFile = Path.of(source).resolve("labels").resolve(rows.get(i).id());
                String where = Files.isRegularFile(labelFile) ? labelFile.toString() : source;
                throw new UserException(key + ": " + where + ": sequence '" + rows.get(i).id() + "' has label '"
                        + rows.get(i).label() + "', which does not occur in the training data " + labels);
            }
        }
        return new Split(List.copyOf(rows), classes);
    }
}
