package dev.seq4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.api.CharLanguageModel;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.TextClassifier;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.config.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seq4j side of {@code bench/inference.sh} (issue 28): inference through the typed API on trained runs, timed as a
 * user's program would see it, and the shapes the PyTorch peer ({@code bench/torch_infer.py}) rebuilds.
 * <ul>
 * <li>generation: {@link CharLanguageModel#generate} of {@code chars} characters from an empty prime (one sequence,
 * one character at a time, the state carried), characters per second, the median of 3 after 2 warm-up calls;</li>
 * <li>single sentences: {@link TextClassifier#classify(String)} on each text of a TSV's {@code text} column in turn
 * (tokenising included), the median and 90th-percentile latency after a warm-up pass;</li>
 * <li>batches: {@link TextClassifier#classify(List)} on consecutive groups of 256 of the same texts, sentences per
 * second over passes that last at least {@code seconds}.</li>
 * </ul>
 * Prints one JSON line of results and writes the peer's spec: each model's layer sizes and vocabulary, and each
 * text's token count (the peer classifies random ids of the same lengths: the work of an LSTM does not depend on the
 * values).
 * A benchmark in the test sources, as {@code dev.seq4j.serve.ServeBench} is (it prints its result line on standard
 * output for the script):
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.seq4j.bench.InferenceBench \
 *     CHARLM_RUN TEXTCLASS_RUN TEXTS.tsv SPEC.json [CHARS] [SECONDS]
 * </pre>
 */
public final class InferenceBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 256;

    private InferenceBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: InferenceBench CHARLM_RUN TEXTCLASS_RUN TEXTS.tsv SPEC.json "
                    + "[CHARS] [SECONDS]");
        }
        int chars = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        double seconds = args.length > 5 ? Double.parseDouble(args[5]) : 3;
        CharLanguageModel lm = load(Path.of(args[0]), CharLanguageModel.class);
        TextClassifier classifier = load(Path.of(args[1]), TextClassifier.class);
        List<String> texts = texts(Path.of(args[2]));

        ObjectNode result = JSON.createObjectNode();
        result.put("generate_chars_per_s", generation(lm, chars));
        double[] latencies = singles(classifier, texts);
        result.put("single_ms_median", percentile(latencies, 0.5));
        result.put("single_ms_p90", percentile(latencies, 0.9));
        result.put("batch256_per_s", batches(classifier, texts, seconds));

        ObjectNode spec = JSON.createObjectNode();
        ObjectNode charlm = spec.putObject("charlm");
        charlm.put("vocab", lm.vocabulary().size());
        layers(charlm, lm.config().model());
        charlm.put("chars", chars);
        ObjectNode textclass = spec.putObject("textclass");
        textclass.put("vocab", vocabularySize(Path.of(args[1])));
        textclass.put("classes", classifier.labels().size());
        layers(textclass, classifier.config().model());
        ArrayNode lengths = textclass.putArray("lengths");
        for (String text : texts) {
            lengths.add(classifier.tokens(text).size());
        }
        textclass.put("seconds", seconds);
        JSON.writeValue(Path.of(args[3]).toFile(), spec);
        System.out.println(JSON.writeValueAsString(result));
    }

    private static <T extends TrainedModel> T load(Path run, Class<T> type) {
        TrainedModel model = Seq4j.load(run);
        if (!type.isInstance(model)) {
            throw new IllegalArgumentException(run + ": a " + model.task() + " run, expected a "
                    + type.getSimpleName());
        }
        return type.cast(model);
    }

    /** The {@code text} column of a TSV with a header. */
    static List<String> texts(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        int column = List.of(lines.get(0).split("\t")).indexOf("text");
        if (column < 0) {
            throw new IllegalArgumentException(tsv + ": no 'text' column in the header");
        }
        List<String> texts = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\t");
            if (fields.length > column && !fields[column].isBlank()) {
                texts.add(fields[column]);
            }
        }
        return texts;
    }

    private static void layers(ObjectNode into, ModelSpec model) {
        ArrayNode layers = into.putArray("layers");
        model.layers().forEach(layers::add);
        into.put("cell", model.cell().toString().toLowerCase(java.util.Locale.ROOT));
        into.put("embedding", model.embedding());
        into.put("bidirectional", model.bidirectional().toString().toLowerCase(java.util.Locale.ROOT));
        into.put("pooling", model.pooling().toString().toLowerCase(java.util.Locale.ROOT));
    }

    private static int vocabularySize(Path run) throws IOException {
        JsonNode vocab = JSON.readTree(run.resolve("vocab.json").toFile());
        return vocab.get("tokens").size();
    }

    static double generation(CharLanguageModel lm, int chars) {
        for (int i = 0; i < 2; i++) {
            lm.generate("", chars / 4, 1.0, 0, i);
        }
        double[] rates = new double[3];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            int n = lm.generate("", chars, 1.0, 0, 100 + i).length();
            rates[i] = n / ((System.nanoTime() - start) / 1e9);
        }
        return percentile(rates, 0.5);
    }

    static double[] singles(TextClassifier classifier, List<String> texts) {
        texts.forEach(classifier::classify);
        double[] ms = new double[texts.size()];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            classifier.classify(texts.get(i));
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    static double batches(TextClassifier classifier, List<String> texts, double seconds) {
        List<List<String>> groups = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += BATCH) {
            groups.add(texts.subList(from, Math.min(texts.size(), from + BATCH)));
        }
        groups.forEach(classifier::classify);
        long start = System.nanoTime();
        long classified = 0;
        do {
            for (List<String> group : groups) {
                classified += classifier.classify(group).size();
            }
        } while (System.nanoTime() - start < seconds * 1e9);
        return classified / ((System.nanoTime() - start) / 1e9);
    }

    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
