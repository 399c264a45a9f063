package dev.seq4j.api;

import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.text.LabelledText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark of docs/benchmarks.md (not a test): {@link TextClassifier#classify(String)} of one sentence from a
 * loaded model, and of a batch of 256, timed by {@code System.nanoTime} after a warm-up; prints the median and 90th
 * percentile of each, and the batch's speed-up per sentence.
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.seq4j.api.ClassifyBench RUN_DIR TSV [CALLS]
 * </pre>
 */
public final class ClassifyBench {
    static final int BATCH = 256;

    private ClassifyBench() {
    }

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        long loadStart = System.nanoTime();
        TextClassifier classifier = Seq4j.load(run, TextClassifier.class);
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        List<String> texts = LabelledText.read("tsv", Path.of(args[1]), (TextClassDataSpec) classifier.config().data())
                .stream().map(LabelledText::text).toList();
        List<String> batch = new ArrayList<>();
        for (int i = 0; batch.size() < BATCH; i++) {
            batch.add(texts.get(i % texts.size()));
        }
        for (int i = 0; i < 500; i++) { // warm-up: JIT, ND4J's workspaces
            classifier.classify(texts.get(i % texts.size()));
        }
        double[] one = new double[calls];
        for (int i = 0; i < calls; i++) {
            String text = texts.get(i % texts.size());
            long t = System.nanoTime();
            classifier.classify(text);
            one[i] = (System.nanoTime() - t) / 1e6;
        }
        for (int i = 0; i < 10; i++) {
            classifier.classify(batch);
        }
        int reps = Math.max(20, calls / 50);
        double[] many = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            classifier.classify(batch);
            many[i] = (System.nanoTime() - t) / 1e6;
        }
        double single = percentile(one, 50);
        double perSentence = percentile(many, 50) / BATCH;
        System.out.printf(Locale.ROOT, "load: %.0f ms; %d texts, mean %.1f tokens%n", loadMs, texts.size(),
                texts.stream().mapToInt(s -> s.split("\\s+").length).average().orElse(0));
        System.out.printf(Locale.ROOT, "classify(String), %d calls: median %.3f ms, p90 %.3f ms%n", calls, single,
                percentile(one, 90));
        System.out.printf(Locale.ROOT, "classify(List of %d), %d calls: median %.2f ms (%.3f ms per sentence), p90 %.2f ms%n",
                BATCH, reps, percentile(many, 50), perSentence, percentile(many, 90));
        System.out.printf(Locale.ROOT, "batch speed-up per sentence: %.1fx%n", single / perSentence);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
