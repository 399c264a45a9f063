package dev.seq4j.api;

import dev.seq4j.TinyText;
import dev.seq4j.data.synthetic.Shapes;
import dev.seq4j.data.synthetic.SyntheticControl;
import dev.seq4j.data.synthetic.SyntheticPairs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny finished run of every task, trained once per test JVM with {@code seq4j train} in seconds (a few batches or
 * epochs of small synthetic data), and the data each was trained on: for the API tests and docs/api.md's examples.
 */
final class TinyRuns {
    private static Path root;
    private static final Map<String, Path> RUNS = new HashMap<>();
    private static final Map<String, Path> DATA = new HashMap<>();

    private TinyRuns() {
    }

    /** The finished run of {@code task}, trained on first use. */
    static synchronized Path run(String task) {
        if (!RUNS.containsKey(task)) {
            try {
                train(task);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return RUNS.get(task);
    }

    /** The file (or directory) the run of {@code task} was trained on. */
    static synchronized Path data(String task) {
        run(task);
        return DATA.get(task);
    }

    private static void train(String task) throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("seq4j-api-runs");
            root.toFile().deleteOnExit();
        }
        Path dir = Files.createDirectories(root.resolve(task + "-data"));
        String yaml = switch (task) {
            case "charlm" -> {
                Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(20));
                DATA.put(task, text);
                yield yaml("""
                        data: {train: %s, sequenceLength: 20}
                        model: {layers: [8]}
                        train: {epochs: 1, maxBatches: 2, sampleLength: 0}
                        """, text);
            }
            case "textclass" -> {
                // learnable at once: the last word says the class
                String[] good = {"good", "great", "lovely", "fine"};
                String[] bad = {"bad", "awful", "poor", "nasty"};
                StringBuilder tsv = new StringBuilder("label\ttext\n");
                for (int i = 0; i < 48; i++) {
                    tsv.append(i % 2 == 0 ? "pos\tthe food was " + good[i / 2 % 4] : "neg\tthe food was " + bad[i / 2 % 4])
                            .append(i % 3 == 0 ? " today" : "").append('\n');
                }
                Path file = Files.writeString(dir.resolve("reviews.tsv"), tsv.toString());
                DATA.put(task, file);
                yield yaml("""
                        data: {train: %s, valid: 0.25}
                        model: {layers: [16], embedding: 8, pooling: max}
                        train: {epochs: 15, batchSize: 8, learningRate: 0.02, patience: 0}
                        """, file);
            }
            case "seriesclass" -> {
                Path file = dir.resolve("series.csv");
                SyntheticControl.writeLong(SyntheticControl.generate(4, 16, 1), file);
                DATA.put(task, file);
                yield yaml("""
                        data: {train: %s, valid: 0.25}
                        model: {layers: [8]}
                        train: {epochs: 1}
                        """, file);
            }
            case "tagging" -> {
                Path file = Path.of("src/test/resources/tagging/ner.bio").toAbsolutePath();
                DATA.put(task, file);
                yield yaml("""
                        data: {train: %s, valid: %s, minCount: 1}
                        model: {layers: [8], embedding: 8}
                        train: {epochs: 1}
                        """, file, file);
            }
            case "forecast" -> {
                StringBuilder csv = new StringBuilder("month,v\n");
                for (int t = 0; t < 60; t++) {
                    csv.append(String.format(Locale.ROOT, "%04d-%02d,%.3f%n", 2000 + t / 12, t % 12 + 1,
                            50 + 0.1 * t + 3 * Math.sin(2 * Math.PI * t / 12)));
                }
                Path file = Files.writeString(dir.resolve("monthly.csv"), csv);
                DATA.put(task, file);
                yield yaml("""
                        data: {train: %s, timeColumn: month, inputLength: 12, horizon: 3, origins: 2}
                        model: {layers: [4]}
                        train: {epochs: 1}
                        """, file);
            }
            case "seq2seq" -> {
                Path file = dir.resolve("pairs.tsv");
                SyntheticPairs.write(SyntheticPairs.generate("dates", 40, 3), file);
                DATA.put(task, file);
                yield yaml("""
                        data: {train: %s, valid: 0.25, sourceTokens: char, targetTokens: char, beam: 2}
                        model: {layers: [8], embedding: 4}
                        train: {epochs: 1, maxBatches: 2}
                        """, file);
            }
            case "caption" -> {
                Path file = dir.resolve("captions.tsv");
                Shapes.write(Shapes.generate(24, 1, 1), dir.resolve("images"), "img", file);
                DATA.put(task, dir.resolve("images"));
                yield yaml("""
                        data: {train: %s, valid: 0.25}
                        model: {layers: [8], embedding: 4, decoder: 8}
                        train: {epochs: 1, maxBatches: 2}
                        """, file);
            }
            default -> throw new IllegalArgumentException(task);
        };
        Path config = Files.writeString(dir.resolve("config.yaml"), "task: " + task + "\nseed: 1\n" + yaml);
        Path run = root.resolve(task);
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "train",
                config.toString(), "--out", run.toString());
        if (code != 0) {
            throw new IllegalStateException(task + ": " + err);
        }
        RUNS.put(task, run);
    }

    private static String yaml(String template, Object... paths) {
        return template.formatted(paths);
    }
}
