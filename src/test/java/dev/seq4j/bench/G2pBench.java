package dev.seq4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.Translator;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.pairs.PairsReader;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.model.Seq2seqModel;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Seq2seqTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seq4j side of {@code bench/g2p.sh} (issue 28): a seq2seq run's greedy and beam decoding of a pairs file's
 * sources (the G2P test words) through the typed API ({@link Translator#translate(List, int)}, tokenising and joining
 * included), words per second, the median of {@code rounds} passes after a warm-up one; with {@code --graphs}, the
 * same decoding stepped through DL4J's graphs (what seq4j did before its decoder ran in plain Java), one pass each.
 * <p>
 * With {@code EXPORT} it also writes what the PyTorch peer ({@code bench/torch_g2p.py}) needs to decode the same
 * words with the same model: every member's parameters ({@code m<i>.<vertex>.<param>.npy}), the sources as token ids,
 * the lengths and widths, and seq4j's outputs, so that the peer can say how many of its outputs are the same.
 * Prints one JSON line of results. A benchmark in the test sources, as {@link InferenceBench} is:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.seq4j.bench.G2pBench \
 *     RUN PAIRS.tsv [ROUNDS] [EXPORT_DIR] [--graphs]
 * </pre>
 */
public final class G2pBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private G2pBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: G2pBench RUN PAIRS.tsv [ROUNDS] [EXPORT_DIR] [--graphs]");
        }
        Path run = Path.of(args[0]);
        List<String> words = sources(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path export = args.length > 3 && !args[3].startsWith("--") ? Path.of(args[3]) : null;
        boolean graphs = List.of(args).contains("--graphs");
        Translator translator = (Translator) Seq4j.load(run);
        int beam = translator.beam();

        ObjectNode result = JSON.createObjectNode();
        result.put("words", words.size());
        result.put("beam", beam);
        result.put("greedy_words_per_s", rate(() -> translator.translate(words, 1), words.size(), rounds));

        result.put("beam_words_per_s", rate(() -> translator.translate(words, beam), words.size(), rounds));

        Seq2seqTask.Loaded loaded = Seq2seqTask.Loaded.of(RunDirectory.open(run));
        int[][] ids = ids(loaded, words);
        int maxTarget = loaded.encoder().maxTarget();
        double alpha = loaded.spec().lengthNorm();
        if (graphs) {
            Seq2seqDecoder slow = Seq2seqDecoder.throughGraphs(loaded.config(), loaded.models(),
                    loaded.encoder().target().size());
            result.put("graphs_greedy_words_per_s", rate(() -> slow.decode(ids, 1, alpha, maxTarget), words.size(), 1));
            result.put("graphs_beam_words_per_s", rate(() -> slow.decode(ids, beam, alpha, maxTarget), words.size(), 1));
        }
        if (export != null) {
            export(loaded, ids, beam, export);
        }
        System.out.println(JSON.writeValueAsString(result));
    }

    /** Words per second of {@code decode}: the median of {@code rounds} passes after one to warm up. */
    private static double rate(Supplier<?> decode, int words, int rounds) {
        decode.get();
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            decode.get();
            rates[i] = words / ((System.nanoTime() - start) / 1e9);
        }
        return InferenceBench.percentile(rates, 0.5);
    }

    /** The first column of a pairs file (no header): the sources. */
    static List<String> sources(Path tsv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                out.add(line.split("\t")[0]);
            }
        }
        return out;
    }

    /** The sources as the translator encodes them. */
    private static int[][] ids(Seq2seqTask.Loaded m, List<String> words) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            pairs.add(new Pair(i + 1, PairsReader.tokens(words.get(i), m.spec().sourceTokens()), List.of()));
        }
        return m.encoder().encode("sources", Path.of("sources"), pairs, true).source();
    }

    private static void export(Seq2seqTask.Loaded m, int[][] ids, int beam, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode spec = JSON.createObjectNode();
        spec.put("members", m.models().size());
        for (int i = 0; i < m.models().size(); i++) {
            ComputationGraph net = m.models().get(i);
            for (GraphVertex v : net.getVertices()) {
                if (v.numParams() == 0) {
                    continue;
                }
                for (Map.Entry<String, INDArray> p : v.paramTable(false).entrySet()) {
                    Nd4j.writeAsNumpy(p.getValue().dup('c'),
                            dir.resolve("m" + i + "." + v.getVertexName() + "." + p.getKey() + ".npy").toFile());
                }
            }
        }
        spec.put("target_vocab", m.encoder().target().size());
        spec.put("start_id", PairsData.START_ID);
        spec.put("end_id", PairsData.END_ID);
        spec.put("max_target", m.encoder().maxTarget());
        spec.put("beam", beam);
        spec.put("length_norm", m.spec().lengthNorm());
        spec.put("layers", m.config().model().layers().size());
        spec.put("bidirectional", m.config().model().bidirectional().toString().toLowerCase(java.util.Locale.ROOT));
        ArrayNode encoder = spec.putArray("encoder");          // the encoder's recurrent layers, bottom up
        ComputationGraph first = m.models().get(0);
        List<String> decoder = List.of(Seq2seqModel.SOURCE_EMBEDDING, Seq2seqModel.TARGET_EMBEDDING,
                Seq2seqModel.DECODER, Seq2seqModel.ATTENTION, Seq2seqModel.DECODER_TOP, Seq2seqModel.OUTPUT);
        for (int index : first.topologicalSortOrder()) {
            GraphVertex v = first.getVertices()[index];
            if (v.numParams() > 0 && !decoder.contains(v.getVertexName())) {
                encoder.add(v.getVertexName());
            }
        }
        ArrayNode sources = spec.putArray("sources");
        for (int[] s : ids) {
            ArrayNode row = sources.addArray();
            for (int id : s) {
                row.add(id);
            }
        }
        for (int width : new int[]{1, beam}) {
            ArrayNode outputs = spec.putArray(width == 1 ? "greedy" : "beam_outputs");
            for (Seq2seqDecoder.Output o : m.decoder().decode(ids, width, m.spec().lengthNorm(), m.encoder().maxTarget())) {
                ArrayNode row = outputs.addArray();
                for (int t : o.tokens()) {
                    row.add(t);
                }
            }
        }
        JSON.writeValue(dir.resolve("spec.json").toFile(), spec);
    }
}
