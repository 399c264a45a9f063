package dev.seq4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.synthetic.SyntheticPairs;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.model.Seq2seqModel;
import dev.seq4j.result.Seq2seqEvaluation;
import dev.seq4j.result.Seq2seqSummary;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reversing short strings, a task no encoder-decoder can fake: the first output letter is the last input letter. A
 * tiny set of pairs must be learned perfectly, and the decoders must agree where they should.
 */
class Seq2seqTaskTest {
    @TempDir
    static Path dir;
    static Path pairs;
    static TrainedRun outcome;

    static RunConfig config(Path train, String attention, int epochs) {
        return ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "seq2seq", "seed", 5,
                "data", Map.of("train", train.toString(), "valid", train.toString(), "test", train.toString(),
                        "sourceTokens", "char", "targetTokens", "char", "beam", 3),
                "model", Map.of("layers", List.of(32), "embedding", 16, "attention", attention),
                "train", Map.of("epochs", epochs, "batchSize", 8, "learningRate", 0.02, "patience", 0))));
    }

    @BeforeAll
    static void train() throws Exception {
        pairs = dir.resolve("reverse.tsv");
        SyntheticPairs.write(SyntheticPairs.generate("reverse", 16, 2), pairs);
        outcome = Tasks.train(config(pairs, "dot", 60), dir.resolve("run"), new PrintWriter(new StringWriter()),
                null, (epoch, best) -> null);
    }

    @Test
    void aTinyPairSetIsLearnedPerfectly() {
        Seq2seqSummary s = (Seq2seqSummary) outcome.summary();
        assertEquals(1.0, s.validExactMatch(), s.toString());
        assertEquals(1.0, s.greedyValidExactMatch());
        assertEquals(0.0, s.testTokenErrorRate());
        assertEquals(1.0, s.testBleu(), 1e-12);
        assertNull(s.members(), "a single model has no members");
        for (String f : List.of(RunDirectory.MODEL, Seq2seqTask.SOURCE_VOCAB, Seq2seqTask.TARGET_VOCAB,
                Seq2seqTask.TEST_OUTPUT, RunDirectory.SUMMARY)) {
            assertTrue(Files.exists(outcome.run().path(f)), f);
        }
    }

    @Test
    void samplesArePairsSpreadThroughTheValidationSetWithTheBeamsOutputs() throws Exception {
        List<SyntheticPairs.Example> examples = SyntheticPairs.generate("reverse", 16, 2);
        dev.seq4j.result.Samples s = SamplesCheck.read(outcome.run(), "sequence",
                examples.stream().map(e -> List.of(e.target().split(""))).toList());
        int[] picked = dev.seq4j.result.Samples.spread(8, 16);
        for (int k = 0; k < picked.length; k++) {
            assertEquals(examples.get(picked[k]).source(), String.join(s.inputSeparator(), s.samples().get(k).input()));
        }
        assertEquals("", s.outputSeparator());
        assertTrue(s.samples().stream().allMatch(dev.seq4j.result.Samples.Sample::correct), "exact match 1.0");
    }

    @Test
    void translateWritesALinePerInputAndEvalReportsTheFourMetrics() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), String.join("\n",
                SyntheticPairs.generate("reverse", 16, 2).stream().map(SyntheticPairs.Example::source).toList()));
        List<String> got = Cli.out("translate", outcome.run().root(), "--input", input, "--beam", 1).lines().toList();
        List<String> expected = SyntheticPairs.generate("reverse", 16, 2).stream().map(SyntheticPairs.Example::target).toList();
        assertEquals(expected, got);
        Seq2seqEvaluation eval = (Seq2seqEvaluation) Tasks.evaluate(outcome.run(), pairs);
        assertEquals(1.0, eval.exactMatch());
        assertEquals(0.0, eval.wordErrorRate());
        assertEquals(0.0, eval.tokenErrorRate());
        assertEquals(1.0, eval.bleu(), 1e-12);
        assertEquals(expected.size(), eval.pairs());
        assertEquals(expected.size(), eval.greedy().count());
    }

    /** Sources of several lengths, so decoding runs in several groups. */
    private static int[][] sources(PairsData data) {
        return data.train().source();
    }

    @Test
    void beamSearchOfWidthOneIsGreedyDecoding() {
        RunConfig config = outcome.run().config();
        PairsData data = PairsData.load((dev.seq4j.config.PairsDataSpec) config.data(), config.seed());
        int v = data.encoder().target().size();
        // the trained model, and untrained ones (whose outputs wander and often run to the length limit)
        ComputationGraph trained = outcome.run().model();
        for (String attention : List.of("dot", "none")) {
            ComputationGraph net = attention.equals("dot") ? trained : new ComputationGraph(
                    Seq2seqModel.training(config(pairs, attention, 1), data.encoder().source().size(), v));
            if (net != trained) {
                net.init();
            }
            RunConfig c = config(pairs, attention, 1);
            Seq2seqDecoder decoder = new Seq2seqDecoder(c, net, v);
            for (int maxLength : new int[]{3, 12}) {
                List<Seq2seqDecoder.Output> greedy = decoder.greedy(sources(data), maxLength);
                List<Seq2seqDecoder.Output> beam = decoder.beam(sources(data), 1, 1.0, maxLength);
                for (int i = 0; i < greedy.size(); i++) {
                    assertArrayEquals(greedy.get(i).tokens(), beam.get(i).tokens(), attention + " " + maxLength + " " + i);
                    assertEquals(greedy.get(i).logProb(), beam.get(i).logProb(), 1e-5); // float sums over other batch shapes
                    assertEquals(greedy.get(i).ended(), beam.get(i).ended());
                    assertTrue(greedy.get(i).tokens().length <= maxLength);
                }
            }
        }
    }

    @Test
    void aWiderBeamFindsOutputsAtLeastAsProbableAsGreedyWithoutLengthNormalisation() {
        RunConfig config = outcome.run().config();
        PairsData data = PairsData.load((dev.seq4j.config.PairsDataSpec) config.data(), config.seed());
        int v = data.encoder().target().size();
        ComputationGraph net = new ComputationGraph(Seq2seqModel.training(config(pairs, "none", 1),
                data.encoder().source().size(), v));
        net.init();
        Seq2seqDecoder decoder = new Seq2seqDecoder(config(pairs, "none", 1), net, v);
        List<Seq2seqDecoder.Output> greedy = decoder.greedy(sources(data), 12);
        List<Seq2seqDecoder.Output> beam = decoder.beam(sources(data), 4, 0.0, 12);
        int better = 0;
        for (int i = 0; i < greedy.size(); i++) {
            if (greedy.get(i).ended() && beam.get(i).ended()) {
                better += beam.get(i).logProb() >= greedy.get(i).logProb() - 1e-9 ? 1 : 0;
            }
        }
        long bothEnded = java.util.stream.IntStream.range(0, greedy.size())
                .filter(i -> greedy.get(i).ended() && beam.get(i).ended()).count();
        assertEquals(bothEnded, better);
    }

    @Test
    void anEnsembleTrainsItsMembersSideBySideAndScoresWithTheirMeanProbability() throws Exception {
        Path train = dir.resolve("dates.tsv");
        SyntheticPairs.write(SyntheticPairs.generate("reverse", 48, 3), train);
        RunConfig config = ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "seq2seq",
                "seed", 5, "data", Map.of("train", train.toString(), "valid", train.toString(), "sourceTokens", "char",
                        "targetTokens", "char", "beam", 2),
                "model", Map.of("layers", List.of(16), "embedding", 8, "attention", "dot", "ensemble", 2),
                "train", Map.of("epochs", 3, "batchSize", 8, "learningRate", 0.02, "patience", 0, "ema", 0.9,
                        "labelSmoothing", 0.1))));
        StringWriter console = new StringWriter();
        TrainedRun run = Tasks.train(config, dir.resolve("ensemble"), new PrintWriter(console), null,
                (epoch, best) -> null);
        assertTrue(console.toString().contains("member 2: epoch 3/3"), console.toString());
        RunDirectory second = run.run().nested(RunDirectory.memberPath(2));
        for (String f : List.of(RunDirectory.MODEL, RunDirectory.METRICS)) {
            assertTrue(Files.exists(second.path(f)), f);
        }
        Seq2seqSummary summary = (Seq2seqSummary) run.summary();
        assertEquals(List.of(5L, 6L), summary.members().stream().map(Seq2seqSummary.Member::seed).toList());
        assertEquals(List.of(".", RunDirectory.memberPath(2)),
                summary.members().stream().map(Seq2seqSummary.Member::directory).toList());
        assertEquals(2, summary.model().ensemble());
        ComputationGraph first = run.run().model();
        ComputationGraph other = second.model();
        assertTrue(!first.params().equals(other.params()), "members start from different seeds");

        // the decoder's step-by-step log-probabilities of its own outputs are the teacher-forced ensemble loss
        PairsData data = PairsData.load((dev.seq4j.config.PairsDataSpec) config.data(), config.seed());
        int v = data.encoder().target().size();
        Seq2seqDecoder decoder = new Seq2seqDecoder(config, List.of(first, other), v);
        List<Seq2seqDecoder.Output> outputs = decoder.greedy(data.valid().source(), data.encoder().maxTarget());
        List<dev.seq4j.data.pairs.Pair> decoded = new java.util.ArrayList<>();
        double logProb = 0;
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).ended() && outputs.get(i).tokens().length > 0) {
                decoded.add(new dev.seq4j.data.pairs.Pair(i + 1, data.valid().pairs().get(i).source(),
                        Seq2seqTask.tokens(outputs.get(i), data.encoder().target())));
                logProb += outputs.get(i).logProb();
            }
        }
        assertTrue(decoded.size() > 10, "outputs that ended: " + decoded.size());
        PairsData.Split split = data.encoder().encode("--data", train, decoded, false);
        double loss = Seq2seqTask.loss(List.of(first, other), new dev.seq4j.data.pairs.PairsIterator(split, v, 8, 0,
                false), split.targetTokens());
        assertEquals(-logProb, loss * split.targetTokens(), 1e-3 * Math.abs(logProb));
        double alone = Seq2seqTask.loss(List.of(first), new dev.seq4j.data.pairs.PairsIterator(split, v, 8, 0, false),
                split.targetTokens());
        assertTrue(Math.abs(alone - loss) > 1e-4, "the second member changes the probabilities");

        Seq2seqEvaluation eval = (Seq2seqEvaluation) Tasks.evaluate(run.run(), train);
        assertEquals(summary.validWordErrorRate(), eval.wordErrorRate(), "eval decodes with both");
    }
}
