package dev.seq4j.infer;

import dev.seq4j.config.RunConfig;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.pairs.PairsIterator;
import dev.seq4j.model.RecurrentStack;
import dev.seq4j.model.Seq2seqModel;
import dev.seq4j.model.layers.DecoderStepper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes sources with a trained encoder-decoder, greedily or by beam search, a step at a time: the encoder reads
 * each source once, then the one-step decoder graph ({@link Seq2seqModel#step}) advances with {@code rnnTimeStep},
 * its recurrent state kept between steps (and reordered along with the beams).
 * <p>
 * Sources are decoded in groups of equal length, so no source needs padding or masks. Output stops at the end symbol
 * or after {@code maxLength} tokens. Beam search keeps the {@code K} best partial outputs of each source; at each
 * step the {@code K} best continuations are taken, those that end become finished outputs and leave the beam, and a
 * source is done when none is left to extend or none left could outrank the best finished output. Finished
 * outputs are ranked by their log-probability divided by {@code length^alpha} (the length counting the end symbol).
 * With {@code K = 1} this is greedy decoding. Given several models (an ensemble of one config), every step uses
 * the mean of their next-token probabilities, each model keeping its own encoding and decoder state.
 */
public final class Seq2seqDecoder {
    /** Sources decoded side by side, at most. */
    static final int CHUNK = 128;

    private final List<Member> members;
    private final String memory;
    private final boolean attention;
    private final int vocab;

    /**
     * One trained model of the decoder: the training graph that encodes, its one-step decoder graph, and its decoder in
     * plain Java ({@link DecoderStepper}; null where it has a part that class does not compute).
     */
    private record Member(ComputationGraph trained, ComputationGraph step, DecoderStepper stepper) {
    }

    /**
     * Whether decoding may step in plain Java ({@link DecoderStepper}) where every member allows it: true unless
     * {@code -Dseq4j.javaDecoder=false} (to measure or check against DL4J's graph).
     */
    static final boolean JAVA = !"false".equals(System.getProperty("seq4j.javaDecoder"));

    /** A decoded output: its tokens (without the end symbol), log-probability, and whether it ended by itself. */
    public record Output(int[] tokens, double logProb, boolean ended) {
    }

    /** A decoder for a seq2seq run's model ({@link Seq2seqModel#training}). */
    public Seq2seqDecoder(RunConfig config, ComputationGraph trained, int targetVocab) {
        this(config, List.of(trained), targetVocab);
    }

    /**
     * A decoder for an ensemble of seq2seq models of one config (and one vocabulary): at every step it takes the
     * mean of their next-token probabilities.
     */
    public Seq2seqDecoder(RunConfig config, List<ComputationGraph> trained, int targetVocab) {
        this(config, trained, targetVocab, RecurrentStack.outputSize(config.model()), RecurrentStack.top(config.model()),
                JAVA);
    }

    /** As {@link #Seq2seqDecoder(RunConfig, List, int)}, always stepping through DL4J's graphs: to measure or check. */
    public static Seq2seqDecoder throughGraphs(RunConfig config, List<ComputationGraph> trained, int targetVocab) {
        return new Seq2seqDecoder(config, trained, targetVocab, RecurrentStack.outputSize(config.model()),
                RecurrentStack.top(config.model()), false);
    }

    /**
     * @param width  the encoding's width
     * @param memory the vertex whose output the attention reads, or {@code null} without attention
     * @param java   whether to step in plain Java where every member allows it
     */
    private Seq2seqDecoder(RunConfig config, List<ComputationGraph> trained, int targetVocab, int width, String memory,
                           boolean java) {
        if (trained.isEmpty()) {
            throw new IllegalArgumentException("no model to decode with");
        }
        this.attention = config.model().attention() != dev.seq4j.config.ModelSpec.Attention.NONE;
        List<Member> list = new ArrayList<>();
        for (ComputationGraph t : trained) {
            ComputationGraph step = new ComputationGraph(Seq2seqModel.step(config, targetVocab, width));
            step.init();
            Seq2seqModel.copyParameters(t, step);
            // a text model's encoder too (an image model's encoder is DL4J's): its sources' work all in Java
            DecoderStepper stepper = java ? DecoderStepper.of(t, Seq2seqModel.TARGET_EMBEDDING,
                    Seq2seqModel.DECODER, attention ? Seq2seqModel.ATTENTION : null,
                    attention ? Seq2seqModel.DECODER_TOP : null, Seq2seqModel.OUTPUT,
                    memory == null ? null : Seq2seqModel.SOURCE_EMBEDDING,
                    memory == null ? null : RecurrentStack.chain(config.model())) : null;
            list.add(new Member(t, step, stepper));
        }
        // Java only where every member allows it: the members' probabilities are averaged a step at a time
        this.members = list.stream().allMatch(m -> m.stepper() != null) ? List.copyOf(list)
                : list.stream().map(m -> new Member(m.trained(), m.step(), null)).toList();
        this.memory = memory;
        this.vocab = targetVocab;
    }

    /** Whether this decoder steps in plain Java ({@link DecoderStepper}) rather than through DL4J's graphs. */
    public boolean java() {
        return members.get(0).stepper() != null;
    }

    /** A decoder for a caption run's model ({@link dev.seq4j.model.CaptionModel}): images in, token sequences out. */
    public static Seq2seqDecoder forImages(RunConfig config, ComputationGraph trained, int targetVocab) {
        return new Seq2seqDecoder(config, List.of(trained), targetVocab,
                dev.seq4j.model.CaptionModel.featureSize(config.model()), null, JAVA);
    }

    /** Greedy decoding: the most probable token at every step. */
    public List<Output> greedy(int[][] sources, int maxLength) {
        return byLength(sources, chunk -> greedyChunk(encode(chunk), maxLength));
    }

    /** Beam search of width {@code beam}, finished outputs ranked by log-probability / length^{@code alpha}. */
    public List<Output> beam(int[][] sources, int beam, double alpha, int maxLength) {
        return byLength(sources, chunk -> beamChunk(encode(chunk), beam, alpha, maxLength));
    }

    /** Greedy for a width of 1, beam search otherwise. */
    public List<Output> decode(int[][] sources, int beam, double alpha, int maxLength) {
        return beam == 1 ? greedy(sources, maxLength) : beam(sources, beam, alpha, maxLength);
    }

    /** Images {@code [n, C, H, W]} to token sequences: greedy for a width of 1, beam search otherwise. */
    public List<Output> decode(INDArray images, int beam, double alpha, int maxLength) {
        List<Output> out = new ArrayList<>();
        for (long from = 0; from < images.size(0); from += CHUNK) {
            INDArray chunk = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
                    Math.min(from + CHUNK, images.size(0))));
            Encoded enc = encodeImages(chunk);
            out.addAll(Arrays.asList(beam == 1 ? greedyChunk(enc, maxLength) : beamChunk(enc, beam, alpha, maxLength)));
        }
        return out;
    }

    /** Greedy decoding of images. */
    public List<Output> greedy(INDArray images, int maxLength) {
        return decode(images, 1, 0, maxLength);
    }

    /** Beam search over images; with {@code beam = 1} it still runs the beam search, not greedy decoding. */
    public List<Output> beam(INDArray images, int beam, double alpha, int maxLength) {
        List<Output> out = new ArrayList<>();
        for (long from = 0; from < images.size(0); from += CHUNK) {
            INDArray chunk = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
                    Math.min(from + CHUNK, images.size(0))));
            out.addAll(Arrays.asList(beamChunk(encodeImages(chunk), beam, alpha, maxLength)));
        }
        return out;
    }

    /** Runs {@code decoder} over groups of at most {@link #CHUNK} sources of one length; outputs in input order. */
    private List<Output> byLength(int[][] sources, java.util.function.Function<int[][], Output[]> decoder) {
        Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].length == 0) {
                throw new IllegalArgumentException("source " + i + " is empty");
            }
            groups.computeIfAbsent(sources[i].length, k -> new ArrayList<>()).add(i);
        }
        Output[] out = new Output[sources.length];
        for (List<Integer> group : groups.values()) {
            for (int from = 0; from < group.size(); from += CHUNK) {
                List<Integer> rows = group.subList(from, Math.min(from + CHUNK, group.size()));
                int[][] chunk = rows.stream().map(r -> sources[r]).toArray(int[][]::new);
                Output[] decoded = decoder.apply(chunk);
                for (int k = 0; k < rows.size(); k++) {
                    out[rows.get(k)] = decoded[k];
                }
            }
        }
        return Arrays.asList(out);
    }

    /** Each member's encoding of one chunk of inputs: its last output {@code [n, H]} and memory {@code [n, H, Ts]}. */
    /**
     * Each member's encoding of one chunk of inputs: its last output {@code [n, H]} and memory {@code [n, H, Ts]}
     * from DL4J's graph, or (both null) its sources prepared for decoding by its {@link DecoderStepper}.
     */
    private record Encoded(INDArray[] last, INDArray[] memory, DecoderStepper.Sources[] sources) {
        Encoded(INDArray[] last, INDArray[] memory) {
            this(last, memory, null);
        }

        int rows() {
            return sources != null ? sources[0].size() : (int) last[0].size(0);
        }

        /** Every member's encodings with rows repeated as {@code repeat} says. */
        Encoded rows(int[] repeat) {
            INDArray[] l = new INDArray[last.length];
            INDArray[] m = new INDArray[last.length];
            for (int i = 0; i < last.length; i++) {
                l[i] = last[i].getRows(repeat);
                m[i] = memory[i] == null ? null : rows3(memory[i], repeat);
            }
            return new Encoded(l, m);
        }
    }

    /** An image encoder's output {@code [n, F]}. */
    private Encoded encodeImages(INDArray images) {
        INDArray previous = Nd4j.zeros(DataType.FLOAT, images.size(0), 1, 1);
        INDArray[] last = new INDArray[members.size()];
        for (int i = 0; i < last.length; i++) {
            ComputationGraph trained = members.get(i).trained();
            trained.setLayerMaskArrays(new INDArray[]{null, Nd4j.ones(DataType.FLOAT, images.size(0), 1)}, null);
            last[i] = upTo(trained, new INDArray[]{images, previous}, dev.seq4j.model.CaptionModel.FEATURES)
                    .get(dev.seq4j.model.CaptionModel.FEATURES);
        }
        return new Encoded(last, new INDArray[last.length]);
    }

    /**
     * The activations of a forward pass (inference) through {@code net} that stops once every vertex of {@code names}
     * is computed: the encoder's, without running the training graph's decoder too.
     */
    private static Map<String, INDArray> upTo(ComputationGraph net, INDArray[] inputs, String... names) {
        int[] order = net.topologicalSortOrder();
        int last = -1;
        int position = -1;
        for (String name : names) {
            int index = net.getVertex(name).getVertexIndex();
            for (int p = 0; p < order.length; p++) {
                if (order[p] == index && p > position) {
                    position = p;
                    last = index;
                }
            }
        }
        return net.feedForward(inputs, last, false);
    }

    /** The encoders' last outputs and memories for sources of one length. */
    private Encoded encode(int[][] sources) {
        if (java() && members.stream().allMatch(m -> m.stepper().encodes())) {
            DecoderStepper.Sources[] prepared = new DecoderStepper.Sources[members.size()];
            java.util.stream.IntStream each = java.util.stream.IntStream.range(0, prepared.length);
            (prepared.length > 1 ? each.parallel() : each).forEach(m ->
                    prepared[m] = members.get(m).stepper().encode(sources));
            return new Encoded(null, null, prepared);
        }
        INDArray source = PairsIterator.ids(sources)[0];
        INDArray previous = Nd4j.zeros(DataType.FLOAT, sources.length, 1, 1);
        INDArray[] last = new INDArray[members.size()];
        INDArray[] mem = new INDArray[members.size()];
        for (int i = 0; i < last.length; i++) {
            ComputationGraph trained = members.get(i).trained();
            // fit and score leave their last batch's masks set (the attention vertex keeps them); equal lengths: all ones
            trained.setLayerMaskArrays(new INDArray[]{Nd4j.ones(DataType.FLOAT, sources.length, sources[0].length),
                    Nd4j.ones(DataType.FLOAT, sources.length, 1)}, null);
            INDArray[] inputs = {source, previous};
            Map<String, INDArray> acts = attention ? upTo(trained, inputs, Seq2seqModel.LAST, memory)
                    : upTo(trained, inputs, Seq2seqModel.LAST);
            last[i] = acts.get(Seq2seqModel.LAST);
            mem[i] = attention ? acts.get(memory) : null;
        }
        return new Encoded(last, mem);
    }

    /**
     * The state of one chunk's decoding: its rows (sources, or a beam's hypotheses), each advanced a token at a time.
     */
    private interface Steps extends AutoCloseable {
        /**
         * Each row's next-token log-probabilities {@code [rows][V]} given its previous token: the log of the members'
         * mean probability.
         */
        double[][] next(int[] previous);

        /** Row {@code r} of the state becomes what row {@code parents[r]} was. */
        void reorder(int[] parents);

        @Override
        default void close() {
        }
    }

    /** The decoding of {@code enc}'s sources, row {@code r} a hypothesis of source {@code source[r]}. */
    private Steps start(Encoded enc, int[] source) {
        return java() ? new JavaSteps(enc, source) : new GraphSteps(enc.rows(source));
    }

    /** Rows of log-probabilities from the members' summed probabilities {@code sum[r]}. */
    private double[][] logMean(float[][] sum) {
        double[][] out = new double[sum.length][vocab];
        for (int r = 0; r < sum.length; r++) {
            for (int v = 0; v < vocab; v++) {
                out[r][v] = Math.log(Math.max((double) sum[r][v] / members.size(), 1e-30));
            }
        }
        return out;
    }

    /** Steps in plain Java, each member's {@link DecoderStepper} with rows of its own. */
    private final class JavaSteps implements Steps {
        private final DecoderStepper.Rows[] rows;

        JavaSteps(Encoded enc, int[] source) {
            rows = new DecoderStepper.Rows[members.size()];
            for (int m = 0; m < rows.length; m++) {
                DecoderStepper stepper = members.get(m).stepper();
                rows[m] = stepper.rows(enc.sources() != null ? enc.sources()[m]
                        : stepper.encode(enc.last()[m], enc.memory()[m]), source);
            }
        }

        /** Each member's step, the members side by side (an ensemble's on as many cores). */
        @Override
        public double[][] next(int[] previous) {
            float[][] sum = new float[previous.length][vocab];
            java.util.stream.IntStream members = java.util.stream.IntStream.range(0, rows.length);
            (rows.length > 1 ? members.parallel() : members).forEach(m -> rows[m].step(previous));
            for (DecoderStepper.Rows r : rows) {
                for (int i = 0; i < previous.length; i++) {
                    float[] p = r.probabilities(i);
                    for (int v = 0; v < vocab; v++) {
                        sum[i][v] += p[v];
                    }
                }
            }
            return logMean(sum);
        }

        @Override
        public void reorder(int[] parents) {
            for (DecoderStepper.Rows r : rows) {
                r.reorder(parents);
            }
        }

        @Override
        public void close() {
            for (DecoderStepper.Rows r : rows) {
                r.close();
            }
        }
    }

    /** Steps through each member's one-step graph ({@code rnnTimeStep}), its recurrent state held there. */
    private final class GraphSteps implements Steps {
        private final Encoded enc;

        GraphSteps(Encoded enc) {
            this.enc = enc;
            for (Member m : members) {
                m.step().rnnClearPreviousState();
            }
        }

        @Override
        public double[][] next(int[] previous) {
            INDArray prev = Nd4j.create(DataType.FLOAT, previous.length, 1, 1);
            for (int i = 0; i < previous.length; i++) {
                prev.putScalar(i, 0, 0, previous[i]);
            }
            INDArray probs = null;
            for (int m = 0; m < members.size(); m++) {
                INDArray[] inputs = attention ? new INDArray[]{prev, enc.last()[m], enc.memory()[m]}
                        : new INDArray[]{prev, enc.last()[m]};
                INDArray p = members.get(m).step().rnnTimeStep(inputs)[0].reshape(previous.length, vocab);
                probs = probs == null ? p.dup() : probs.addi(p);
            }
            return logMean(probs.toFloatMatrix());
        }

        @Override
        public void reorder(int[] parents) {
            for (Member m : members) {
                for (String layer : attention ? List.of(Seq2seqModel.DECODER, Seq2seqModel.DECODER_TOP)
                        : List.of(Seq2seqModel.DECODER)) {
                    Map<String, INDArray> state = m.step().rnnGetPreviousState(layer);
                    Map<String, INDArray> reordered = new HashMap<>();
                    for (Map.Entry<String, INDArray> e : state.entrySet()) {
                        INDArray a = e.getValue();
                        reordered.put(e.getKey(), a.rank() == 2 ? a.getRows(parents) : rows3(a, parents));
                    }
                    m.step().rnnSetPreviousState(layer, reordered);
                }
            }
        }
    }

    /** Greedy decoding from encodings {@code [n, H]} (and memories). */
    private Output[] greedyChunk(Encoded enc, int maxLength) {
        int n = enc.rows();
        int[] identity = new int[n];
        Arrays.setAll(identity, r -> r);
        try (Steps steps = start(enc, identity)) {
            return greedy(steps, n, maxLength);
        }
    }

    private Output[] greedy(Steps steps, int n, int maxLength) {
        List<List<Integer>> tokens = new ArrayList<>();
        double[] logProb = new double[n];
        boolean[] ended = new boolean[n];
        int[] previous = new int[n];
        for (int i = 0; i < n; i++) {
            tokens.add(new ArrayList<>());
            previous[i] = PairsData.START_ID;
        }
        int done = 0;
        for (int t = 0; t <= maxLength && done < n; t++) {
            double[][] logp = steps.next(previous);
            for (int i = 0; i < n; i++) {
                if (ended[i] || tokens.get(i).size() < t) {
                    continue; // finished earlier
                }
                int best = argmax(logp[i]);
                if (best == PairsData.END_ID) {
                    logProb[i] += logp[i][best];
                    ended[i] = true;
                    done++;
                } else if (t == maxLength) {
                    done++; // out of length: stop without the token
                } else {
                    logProb[i] += logp[i][best];
                    tokens.get(i).add(best);
                }
                previous[i] = best;
            }
        }
        Output[] out = new Output[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Output(tokens.get(i).stream().mapToInt(x -> x).toArray(), logProb[i], ended[i]);
        }
        return out;
    }

    private static int argmax(double[] x) {
        int best = 0;
        for (int v = 1; v < x.length; v++) {
            if (x[v] > x[best]) {
                best = v;
            }
        }
        return best;
    }

    /** A partial output on a beam. */
    private record Hypothesis(int[] tokens, double logProb) {
    }

    /** Beam search from encodings {@code [n, H]} (and memories). */
    private Output[] beamChunk(Encoded enc, int k, double alpha, int maxLength) {
        int n = enc.rows();
        int[] repeat = new int[n * k];
        for (int r = 0; r < n * k; r++) {
            repeat[r] = r / k;
        }
        try (Steps steps = start(enc, repeat)) {
            return beam(steps, n, k, alpha, maxLength);
        }
    }

    private Output[] beam(Steps steps, int n, int k, double alpha, int maxLength) {
        Hypothesis[][] beams = new Hypothesis[n][k];
        List<List<Output>> finished = new ArrayList<>();
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            beams[i][0] = new Hypothesis(new int[0], 0);
            finished.add(new ArrayList<>());
        }
        int[] previous = new int[n * k];
        Arrays.fill(previous, PairsData.START_ID);
        for (int t = 0; t <= maxLength; t++) {
            double[][] logp = steps.next(previous);
            int[] parents = new int[n * k];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                parents[i * k] = i * k;
                for (int j = 1; j < k; j++) {
                    parents[i * k + j] = i * k;
                }
                if (done[i]) {
                    continue;
                }
                // the K best continuations over every live beam and token; ties to the lower beam, then token
                int[] best = topK(beams[i], logp, i * k, k);
                Hypothesis[] next = new Hypothesis[k];
                int live = 0;
                for (int c : best) {
                    int j = c / vocab;
                    int v = c % vocab;
                    Hypothesis h = beams[i][j];
                    double score = h.logProb() + logp[i * k + j][v];
                    if (v == PairsData.END_ID) {
                        finished.get(i).add(new Output(h.tokens(), score, true));
                    } else if (t == maxLength) {
                        // out of length: the beam stops without the token, once
                        boolean seen = finished.get(i).stream().anyMatch(o -> !o.ended() && o.tokens() == h.tokens());
                        if (!seen) {
                            finished.get(i).add(new Output(h.tokens(), h.logProb(), false));
                        }
                    } else {
                        int[] tokens = Arrays.copyOf(h.tokens(), h.tokens().length + 1);
                        tokens[tokens.length - 1] = v;
                        parents[i * k + live] = i * k + j;
                        previous[i * k + live] = v;
                        next[live++] = new Hypothesis(tokens, score);
                    }
                }
                beams[i] = next;
                if (live == 0 || cannotImprove(finished.get(i), next, live, alpha, maxLength)) {
                    done[i] = true;
                } else {
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            steps.reorder(parents);
        }
        Output[] out = new Output[n];
        for (int i = 0; i < n; i++) {
            Output best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Output o : finished.get(i)) {
                double score = normalised(o, alpha);
                if (best == null || score > bestScore) {
                    best = o;
                    bestScore = score;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** A finished output's rank: its log-probability over its length (the end symbol counted) to the power alpha. */
    private static double normalised(Output o, double alpha) {
        return o.logProb() / Math.pow(Math.max(1, o.tokens().length + (o.ended() ? 1 : 0)), alpha);
    }

    /**
     * Whether no live hypothesis can outrank the best finished output: a hypothesis only loses log-probability as
     * it grows, so its best possible rank is its log-probability over the longest length, {@code maxLength + 1}.
     */
    private static boolean cannotImprove(List<Output> finished, Hypothesis[] live, int count, double alpha, int maxLength) {
        if (finished.isEmpty()) {
            return false;
        }
        double best = finished.stream().mapToDouble(o -> normalised(o, alpha)).max().orElseThrow();
        for (int j = 0; j < count; j++) {
            if (live[j].logProb() / Math.pow(maxLength + 1, alpha) > best) {
                return false;
            }
        }
        return true;
    }

    /** Indices {@code j * V + v} of the {@code k} best continuations of {@code beams}' live hypotheses. */
    private int[] topK(Hypothesis[] beams, double[][] logp, int row0, int k) {
        int count = 0;
        for (Hypothesis h : beams) {
            count += h == null ? 0 : vocab;
        }
        Integer[] idx = new Integer[count];
        double[] score = new double[beams.length * vocab];
        int m = 0;
        for (int j = 0; j < beams.length; j++) {
            if (beams[j] == null) {
                continue;
            }
            for (int v = 0; v < vocab; v++) {
                score[j * vocab + v] = beams[j].logProb() + logp[row0 + j][v];
                idx[m++] = j * vocab + v;
            }
        }
        Arrays.sort(idx, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        return Arrays.stream(idx).limit(k).mapToInt(x -> x).toArray();
    }

    /** Rows of a rank-3 array. */
    private static INDArray rows3(INDArray a, int[] rows) {
        long[] shape = a.shape();
        INDArray flat = a.reshape('c', shape[0], shape[1] * shape[2]);
        return flat.getRows(rows).reshape('c', rows.length, shape[1], shape[2]);
    }
}
