package dev.seq4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.Tagger;
import dev.seq4j.api.TextClassifier;
import dev.seq4j.api.TrainedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The in-process side of bench/serve-load.sh (a benchmark, not a test). Given a text classifier or tagger run and a
 * file of inputs (a TSV with a {@code text} column, or a CoNLL file), it writes the request bodies the load generator
 * sends (one JSON object per line) and measures the model's own batch throughput in this JVM: inputs per second
 * through the typed API's batch call at batch sizes 1, 8, 32, 64 and 256 (an inference call of at most
 * {@code LstmKernel.CELL_RECURRENCE_ROWS} rows takes another path, so the best size is not always the largest), after a
 * warm-up, and at 256 with two copies of the
 * model called at once from two threads ({@code "256x2"}, as {@code seq4j serve --workers 2} runs them).
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.seq4j.serve.ServeBench RUN DATA BODIES.jsonl
 * </pre>
 * Prints one line: {@code {"model": ..., "inputs": N, "perSecond": {"1": x, "8": .., "32": .., "64": y, "256": z, "256x2": w}}}.
 */
public final class ServeBench {
    private ServeBench() {
    }

    public static void main(String[] args) throws IOException {
        TrainedModel model = Seq4j.load(Path.of(args[0]));
        Path data = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper();
        List<Object> inputs = new ArrayList<>();
        if (model instanceof TextClassifier) {
            List<String> lines = Files.readAllLines(data);
            int column = List.of(lines.get(0).split("\t")).indexOf("text");
            for (String line : lines.subList(1, lines.size())) {
                inputs.add(line.split("\t")[column]);
            }
        } else if (model instanceof Tagger) {
            List<String> sentence = new ArrayList<>();
            for (String line : Files.readAllLines(data)) {
                if (line.isBlank()) {
                    if (!sentence.isEmpty()) {
                        inputs.add(List.copyOf(sentence));
                    }
                    sentence.clear();
                } else {
                    sentence.add(line.split("\\s+")[0]);
                }
            }
        } else {
            throw new IllegalArgumentException(args[0] + ": a " + model.task() + " run; this bench takes textclass "
                    + "and tagging runs");
        }
        inputs = inputs.subList(0, Math.min(inputs.size(), 2000));
        List<String> bodies = new ArrayList<>();
        for (Object input : inputs) {
            bodies.add(json.writeValueAsString(Map.of("input", input)));
        }
        Files.write(Path.of(args[2]), bodies);
        StringBuilder out = new StringBuilder();
        for (int batch : new int[]{1, 8, 32, 64, 256}) {
            run(model, inputs, batch, 3.0); // warm-up
            out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"%d\": %.1f", batch,
                    run(model, inputs, batch, 10.0)));
        }
        // as `seq4j serve --workers 2` runs it: a second copy of the model, both called at once from two threads
        TrainedModel copy = Seq4j.load(Path.of(args[0]));
        List<Object> all = inputs;
        double[] rates = new double[2];
        for (int round = 0; round < 2; round++) { // the first round warms the copy up
            double seconds = round == 0 ? 3.0 : 10.0;
            Thread other = new Thread(() -> rates[1] = run(copy, all, 256, seconds));
            other.start();
            rates[0] = run(model, all, 256, seconds);
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.append(String.format(Locale.ROOT, ", \"256x2\": %.1f", rates[0] + rates[1]));
        System.out.printf(Locale.ROOT, "{\"model\": \"%s\", \"inputs\": %d, \"perSecond\": {%s}}%n", model.task(),
                inputs.size(), out);
    }

    /** Inputs per second through the batch call at {@code batch}, over about {@code seconds}. */
    @SuppressWarnings("unchecked")
    static double run(TrainedModel model, List<Object> inputs, int batch, double seconds) {
        long start = System.nanoTime();
        long done = 0;
        int from = 0;
        while ((System.nanoTime() - start) / 1e9 < seconds) {
            List<Object> slice = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                slice.add(inputs.get((from + i) % inputs.size()));
            }
            from = (from + batch) % inputs.size();
            if (model instanceof TextClassifier m) {
                m.classify((List<String>) (List<?>) slice);
            } else {
                ((Tagger) model).tagAll((List<List<String>>) (List<?>) slice);
            }
            done += batch;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }
}
