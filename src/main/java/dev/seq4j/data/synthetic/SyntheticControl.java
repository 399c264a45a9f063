package dev.seq4j.data.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic control chart series (Alcock and Manolopoulos 1999, the UCI "Synthetic Control Chart Time Series"
 * data): six classes of process readings, {@code y(t) = m + r(t) s + pattern(t)} with m = 30, s = 2 and
 * r(t) uniform in [-3, 3] at every step, where the pattern is
 * <ul>
 * <li>normal: nothing</li>
 * <li>cyclic: a sin(2 pi t / T), a and T uniform in [10, 15]</li>
 * <li>increasing / decreasing trend: +/- g t, g uniform in [0.2, 0.5]</li>
 * <li>upward / downward shift: +/- x from a step t3 on, x uniform in [7.5, 20], t3 uniform in [n/3, 2n/3]</li>
 * </ul>
 * Tests, examples and notebooks share this generator; {@link #main} writes the example files in both layouts
 * seq4j reads.
 */
public final class SyntheticControl {
    public static final List<String> CLASSES = List.of("normal", "cyclic", "increasing", "decreasing", "upward",
            "downward");

    private SyntheticControl() {
    }

    /** One generated series and its class. */
    public record Series(String label, double[] values) {
    }

    /** {@code perClass} series of each class, classes interleaved, reproducible from {@code seed}. */
    public static List<Series> generate(int perClass, int length, long seed) {
        Random random = new Random(seed);
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String label : CLASSES) {
                out.add(new Series(label, series(label, length, random)));
            }
        }
        return out;
    }

    static double[] series(String label, int n, Random random) {
        double a = uniform(random, 10, 15);
        double period = uniform(random, 10, 15);
        double g = uniform(random, 0.2, 0.5);
        double x = uniform(random, 7.5, 20);
        double t3 = uniform(random, n / 3.0, 2 * n / 3.0);
        double[] y = new double[n];
        for (int t = 1; t <= n; t++) {
            double v = 30 + uniform(random, -3, 3) * 2;
            v += switch (label) {
                case "normal" -> 0;
                case "cyclic" -> a * Math.sin(2 * Math.PI * t / period);
                case "increasing" -> g * t;
                case "decreasing" -> -g * t;
                case "upward" -> t >= t3 ? x : 0;
                case "downward" -> t >= t3 ? -x : 0;
                default -> throw new IllegalArgumentException("unknown class " + label);
            };
            y[t - 1] = v;
        }
        return y;
    }

    private static double uniform(Random random, double lo, double hi) {
        return lo + random.nextDouble() * (hi - lo);
    }

    /**
     * The layout of DataVec's {@code CSVSequenceRecordReader} examples (UCI synthetic control in DL4J's
     * examples): {@code features/<i>.csv} with one value per line, {@code labels/<i>.csv} with the class name.
     */
    public static void writePerSequence(List<Series> series, Path dir) {
        try {
            Files.createDirectories(dir.resolve("features"));
            Files.createDirectories(dir.resolve("labels"));
            for (int i = 0; i < series.size(); i++) {
                StringBuilder values = new StringBuilder();
                for (double v : series.get(i).values()) {
                    values.append(String.format(Locale.ROOT, "%.4f%n", v));
                }
                dev.seq4j.run.RunDirectory.writeAtomically(dir.resolve("features").resolve(i + ".csv"),
                        values.toString().getBytes(StandardCharsets.UTF_8));
                dev.seq4j.run.RunDirectory.writeAtomically(dir.resolve("labels").resolve(i + ".csv"),
                        (series.get(i).label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One long CSV: {@code sequence_id,t,value,label}, a row per time step. */
    public static void writeLong(List<Series> series, Path file) {
        StringBuilder out = new StringBuilder("sequence_id,t,value,label\n");
        for (int i = 0; i < series.size(); i++) {
            double[] values = series.get(i).values();
            for (int t = 0; t < values.length; t++) {
                out.append(String.format(Locale.ROOT, "%d,%d,%.4f,%s%n", i, t, values[t], series.get(i).label()));
            }
        }
        write(file, out);
    }

    /** Writes generated text to {@code file}, creating its directory. */
    static void write(Path file, CharSequence text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            dev.seq4j.run.RunDirectory.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the example files into {@code DIR} (default {@code data/synthetic-control}): train (100 per class, as
     * in the UCI set, seed 1) and test (25 per class, seed 2), each as a per-sequence directory and as one long CSV.
     */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/synthetic-control");
        List<Series> train = generate(100, 60, 1);
        List<Series> test = generate(25, 60, 2);
        writePerSequence(train, dir.resolve("train"));
        writePerSequence(test, dir.resolve("test"));
        writeLong(train, dir.resolve("train.csv"));
        writeLong(test, dir.resolve("test.csv"));
    }
}
