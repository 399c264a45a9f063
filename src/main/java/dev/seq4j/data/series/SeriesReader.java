package dev.seq4j.data.series;

import dev.seq4j.UserException;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.Numbers;
import dev.seq4j.data.text.TextFiles;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.records.reader.impl.csv.CSVSequenceRecordReader;
import org.datavec.api.writable.Writable;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads labelled time series in the two layouts of {@link SeriesClassDataSpec} with DataVec's CSV readers.
 * Everything is checked as it is read: a missing file or column, a non-numeric value, a ragged step (a line
 * with a different number of values), a sequence whose label changes, a repeated time step, or features that
 * differ between sequences is a {@link UserException} naming the config key, the file and the line.
 */
public final class SeriesReader {
    private SeriesReader() {
    }

    /**
     * @param key        the config key or option the path came from, for messages
     * @param withLabels whether labels must be present; without them (predict) they are not read
     */
    public static SeriesSet read(String key, Path path, SeriesClassDataSpec spec, boolean withLabels) {
        InputFiles.Kind kind = InputFiles.kind(path);
        if (kind == InputFiles.Kind.MISSING) {
            throw new UserException(key + ": " + path + " does not exist");
        }
        if (kind != InputFiles.Kind.FILE && kind != InputFiles.Kind.DIRECTORY) {
            throw InputFiles.notRegular(key, path, kind);
        }
        boolean files = switch (spec.layout()) {
            case FILES -> true;
            case LONG -> false;
            default -> Files.isDirectory(path);
        };
        if (files != Files.isDirectory(path)) {
            throw new UserException(key + ": " + path + (files ? " is not a directory (the files layout needs "
                    + "features/ and labels/ in one)" : " is a directory, not a long-layout CSV file"));
        }
        return files ? readFiles(key, path, spec, withLabels) : readLong(key, path, spec, withLabels);
    }

    /** The files layout: {@code features/<name>.csv} and {@code labels/<name>.csv}, in numeric-then-name order. */
    static SeriesSet readFiles(String key, Path dir, SeriesClassDataSpec spec, boolean withLabels) {
        Path featureDir = dir.resolve("features");
        Path labelDir = dir.resolve("labels");
        if (!Files.isDirectory(featureDir) || (withLabels && !Files.isDirectory(labelDir))) {
            throw new UserException(key + ": " + dir + " has no " + (Files.isDirectory(featureDir) ? "labels" : "features")
                    + "/ directory (the files layout is features/<name>.csv and labels/<name>.csv)");
        }
        // the regular files of features/ (a link in it may not leave the data directory; a pipe or device is refused)
        List<Path> featureFiles = InputFiles.files(key, featureDir, false).stream().sorted(FILE_ORDER).toList();
        List<String> labels = new ArrayList<>();
        for (Path file : featureFiles) {
            labels.add(withLabels ? label(key, labelDir.resolve(file.getFileName()), spec) : null);
        }
        CSVSequenceRecordReader reader = new CSVSequenceRecordReader(spec.skipLines(), ",");
        List<LabelledSeries> out = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < featureFiles.size(); i++) {
            Path file = featureFiles.get(i);
            // too large, empty, binary or non-UTF-8: one clear line; DataVec parses the checked bytes, mark dropped
            byte[] bytes = TextFiles.bytes(key, file, spec.fileLimit());
            List<List<Writable>> steps;
            try {
                steps = reader.sequenceRecord(file.toUri(), new DataInputStream(new ByteArrayInputStream(bytes)));
            } catch (IOException | RuntimeException e) {
                throw new UserException(key + ": " + file + ": " + UserException.oneLine(e.getCause() != null
                        ? e.getCause() : e));
            }
            List<List<Writable>> rows = steps.stream().filter(s -> !(s.size() == 1 && s.get(0).toString().isBlank()))
                    .toList();
            if (rows.isEmpty()) {
                throw new UserException(key + ": " + file + " has no time steps");
            }
            double[][] values = new double[rows.size()][];
            for (int t = 0; t < rows.size(); t++) {
                int line = spec.skipLines() + t + 1;
                List<Writable> row = rows.get(t);
                if (width < 0) {
                    width = row.size();
                } else if (row.size() != width) {
                    throw new UserException(key + ": " + file + " line " + line + ": " + row.size() + " value"
                            + (row.size() == 1 ? "" : "s") + ", expected " + width + " (as in " + featureFiles.get(0)
                            .getFileName() + " line " + (spec.skipLines() + 1) + ")");
                }
                values[t] = new double[width];
                for (int f = 0; f < width; f++) {
                    values[t][f] = number(key, file, line, "column " + (f + 1), row.get(f).toString());
                }
            }
            out.add(new LabelledSeries(file.getFileName().toString(), labels.get(i), values));
        }
        int features = width;
        return new SeriesSet(IntStream.range(0, features).mapToObj(f -> "x" + f).toList(), out, false);
    }

    /** Numbered files ({@code 2.csv} before {@code 10.csv}) in number order, then any others by name. */
    static final Comparator<Path> FILE_ORDER = Comparator
            .comparing((Path p) -> number(p) == null ? 1 : 0)
            .thenComparing(p -> number(p) == null ? 0L : number(p))
            .thenComparing(p -> p.getFileName().toString());

    private static Long number(Path p) {
        String name = p.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return stem.matches("\\d{1,18}") ? Long.parseLong(stem) : null;
    }

    private static String label(String key, Path file, SeriesClassDataSpec spec) {
        if (!Files.exists(file)) {
            throw new UserException(key + ": no label file " + file + " for the features file of the same name");
        }
        String label = TextFiles.readOne(key, file, spec.fileLimit()).lines().map(String::strip)
                .filter(s -> !s.isEmpty()).findFirst()
                .orElse("");
        if (label.isEmpty()) {
            throw new UserException(key + ": " + file + " line 1: empty label");
        }
        return label;
    }

    /** The long layout: a header, then {@code sequence_id, t, feature..., label} rows in any order. */
    static SeriesSet readLong(String key, Path file, SeriesClassDataSpec spec, boolean withLabels) {
        CSVRecordReader reader = new CSVRecordReader(0, ',', '"');
        try {
            // missing, special, too large, empty, binary or non-UTF-8: one clear line; a byte-order mark is dropped
            reader.initialize(TextFiles.csvSplit(key, file, spec.fileLimit()));
        } catch (IOException | InterruptedException e) {
            throw new UserException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        List<String> header = TextFiles.csvRow(key, file, 1, reader).stream().map(String::strip).toList();
        boolean ordered = !spec.timeColumn().equals(SeriesClassDataSpec.NO_TIME);
        int idAt = column(key, file, header, spec.idColumn(), "data.idColumn");
        int timeAt = ordered ? column(key, file, header, spec.timeColumn(), "data.timeColumn, or none to keep the "
                + "row order") : -1;
        int labelAt = header.indexOf(spec.labelColumn());
        if (withLabels && labelAt < 0) {
            column(key, file, header, spec.labelColumn(), "data.labelColumn");
        }
        List<String> names = spec.features().isEmpty()
                ? header.stream().filter(h -> !h.equals(spec.idColumn()) && !h.equals(spec.labelColumn())
                && !(h.equals(spec.timeColumn()))).toList()
                : spec.features();
        if (names.isEmpty()) {
            throw new UserException(key + ": " + file + " line 1: no feature columns in the header " + header);
        }
        int[] featureAt = names.stream().mapToInt(n -> column(key, file, header, n, "data.features")).toArray();

        Map<String, Sequence> byId = new LinkedHashMap<>();
        for (int line = 2; reader.hasNext(); line++) {
            List<String> row = TextFiles.csvRow(key, file, line, reader);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() != header.size()) {
                throw new UserException(key + ": " + file + " line " + line + ": " + row.size() + " field"
                        + (row.size() == 1 ? "" : "s") + ", the header has " + header.size());
            }
            String id = row.get(idAt).strip();
            if (id.isEmpty()) {
                throw new UserException(key + ": " + file + " line " + line + ": empty " + spec.idColumn());
            }
            String label = labelAt < 0 ? null : row.get(labelAt).strip();
            if (withLabels && label.isEmpty()) {
                throw new UserException(key + ": " + file + " line " + line + ": empty label");
            }
            Sequence seq = byId.computeIfAbsent(id, k -> new Sequence(withLabels ? label : null));
            if (withLabels && !seq.label.equals(label)) {
                throw new UserException(key + ": " + file + " line " + line + ": sequence '" + id + "' has label '"
                        + label + "' here but '" + seq.label + "' on line " + seq.lines.get(0));
            }
            double[] values = new double[featureAt.length];
            for (int f = 0; f < featureAt.length; f++) {
                values[f] = number(key, file, line, "column '" + names.get(f) + "'", row.get(featureAt[f]));
            }
            double time = ordered ? number(key, file, line, "column '" + spec.timeColumn() + "'", row.get(timeAt))
                    : seq.steps.size();
            seq.add(time, values, line);
        }
        if (byId.isEmpty()) {
            throw new UserException(key + ": " + file + " has a header but no rows");
        }
        List<LabelledSeries> out = new ArrayList<>();
        for (Map.Entry<String, Sequence> e : byId.entrySet()) {
            out.add(e.getValue().series(key, file, e.getKey(), spec.timeColumn()));
        }
        return new SeriesSet(List.copyOf(names), out, true);
    }

    /** The rows of one sequence of a long file as they are read. */
    private static final class Sequence {
        final String label;
        final List<double[]> steps = new ArrayList<>();
        final List<Double> times = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();

        Sequence(String label) {
            this.label = label;
        }

        void add(double time, double[] values, int line) {
            times.add(time);
            steps.add(values);
            lines.add(line);
        }

        LabelledSeries series(String key, Path file, String id, String timeColumn) {
            Integer[] order = IntStream.range(0, steps.size()).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, Comparator.comparing(times::get)); // stable: equal times keep row order
            double[][] values = new double[order.length][];
            for (int t = 0; t < order.length; t++) {
                if (t > 0 && times.get(order[t]).equals(times.get(order[t - 1]))) {
                    throw new UserException(key + ": " + file + " line " + lines.get(order[t]) + ": sequence '" + id
                            + "' repeats " + timeColumn + " " + times.get(order[t]) + " of line " + lines.get(order[t - 1]));
                }
                values[t] = steps.get(order[t]);
            }
            return new LabelledSeries(id, label, values);
        }
    }

    private static int column(String key, Path file, List<String> header, String name, String setting) {
        int at = header.indexOf(name);
        if (at < 0) {
            throw new UserException(key + ": " + file + " line 1: no column '" + name + "' in the header " + header
                    + " (see " + setting + ")");
        }
        return at;
    }

    /** A value as the network will compute with it: finite and within float32's range ({@link Numbers}). */
    private static double number(String key, Path file, int line, String where, String text) {
        return Numbers.parse(text, key + ": " + file + " line " + line + ", " + where);
    }
}
