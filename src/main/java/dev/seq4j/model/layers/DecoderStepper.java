package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A trained encoder-decoder's decoder ({@code dev.seq4j.model.Seq2seqModel}) a step at a time in plain Java, for many
 * rows at once (sources, or the hypotheses of a beam search), from a copy of its weights:
 * <pre>
 * previous token -> embedding (E) --\
 * encoder's last output (H) ---------> merge -> decoder (LSTM or GRU, D)
 *   without attention: -> softmax
 *   with attention:    attention(query decoder, keys and values the encoder's memory [H, Ts]), one head, projected
 *                      -> merge(decoder, attention) -> decoder2 (D) -> softmax
 * </pre>
 * Through DL4J's {@code rnnTimeStep} every step projected every source's keys and values again (the attention vertex
 * cannot know that its memory stays) and paid the graph's and SameDiff's per-call costs. Here what depends only on a
 * source is computed once, when it is {@link #encode encoded}: the first layer's input projection of the encoder's
 * output, and, because every projection after the attention's softmax is linear, each memory step taken through
 * the value and output projections and on into {@code decoder2}'s input weights ({@code m_t Wv' Wo W2}, a row of
 * {@code 4D}), and each key through the key and query projections ({@code m_t Wk' Wq / sqrt(head)}, a row of D).
 * A step then costs each row its two recurrent products, {@code decoder2}'s product of the decoder's output, the
 * softmax, and {@code Ts} dot products and weighted sums: about half the multiply-adds of stepping the graph.
 * With LSTM layers the rows step together: each product is one matrix product over all rows (the weights read once a
 * step, not once a row), the gates, attention and softmax in Java; a GRU decoder steps a row at a time
 * ({@link JavaCell}), rows in parallel from 8 up. Where the encoder is LSTM layers too ({@link #encodes}), sources go
 * in as token ids ({@link #encode(int[][])}, {@link SourceEncoder}) and DL4J runs nothing at all.
 * <p>
 * Immutable and thread-safe: the state of a decoding is its {@link Rows}. Make it again after the parameters change.
 */
public final class DecoderStepper {
    private final float[][] table;       // [V][G1]: b1 + embedding(v) W1[0, E), the first layer's projection of a token
    private final JavaCell first;        // decoder: W1 [E + H][G1]
    private final int e;                 // embedding width
    private final JavaCell top;          // decoder2 or null: W2 [2D][G2]
    private final SourceEncoder encoder; // or null: the encoder is DL4J's
    private final INDArray contextW;     // [H][G1]: W1[E, E + H), the first layer's weights of the encoding
    /**
     * [H][D + G2], or null without attention: {@code Wk' Wq / sqrt(head)}, a memory step to the query's space, beside
     * {@code Wv' Wo W2[D, 2D)}, a memory step through the values and the attention's output to decoder2's input.
     */
    private final INDArray memoryW;
    private final float[][] outW;        // [D][V]
    private final float[] outB;
    /** Whether rows step together with matrix products (LSTM decoders), else a row at a time. */
    private final boolean batched;
    private final INDArray rw1;          // [D][G1], 'c'
    private final INDArray w2;           // [2D][G2]: decoder2's weights of the decoder's output over its recurrent ones
    private final INDArray outMatrix;    // [D][V]

    /** One encoded chunk of sources (see {@link #encode}). */
    public static final class Sources {
        private final float[][] context;     // [n][G1]: b1 + last W1[E, E + H)
        private final float[][][] keys;      // [n][Ts][D] or null
        private final float[][][] values;    // [n][Ts][G2] or null

        private Sources(float[][] context, float[][][] keys, float[][][] values) {
            this.context = context;
            this.keys = keys;
            this.values = values;
        }

        /** Number of sources. */
        public int size() {
            return context.length;
        }
    }

    /** The rows of one decoding: each a source's hypothesis, its recurrent state and next-token probabilities. */
    public final class Rows implements AutoCloseable {
        private final Sources sources;
        private final int[] source;
        private final float[][] probabilities;
        private final float[][] weights;     // [rows][Ts]: a row's attention
        /** Per-row state (a GRU decoder): each row steps alone. */
        private JavaCell.State[] s1;
        private JavaCell.State[] s2;
        private JavaCell.State[] spare1;
        private JavaCell.State[] spare2;
        /** Batched state (LSTM decoders): the rows' products are matrix products, see {@link #stepBatched}. */
        private final Batch batch;

        private Rows(Sources sources, int[] source) {
            this.sources = sources;
            this.source = source.clone();
            int n = source.length;
            for (int r = 0; r < n; r++) {
                if (source[r] < 0 || source[r] >= sources.size()) {
                    throw new IllegalArgumentException("row " + r + " names source " + source[r] + " of "
                            + sources.size());
                }
            }
            probabilities = new float[n][outB.length];
            int steps = sources.keys == null ? 0 : sources.keys[0].length;
            weights = new float[n][steps];
            if (batched) {
                batch = new Batch(n);
            } else {
                batch = null;
                s1 = states(first, n);
                spare1 = states(first, n);
                s2 = top == null ? null : states(top, n);
                spare2 = top == null ? null : states(top, n);
            }
        }

        private static JavaCell.State[] states(JavaCell cell, int n) {
            JavaCell.State[] states = new JavaCell.State[n];
            for (int r = 0; r < n; r++) {
                states[r] = cell.state();
            }
            return states;
        }

        /** Number of rows. */
        public int size() {
            return source.length;
        }

        /** Releases the native contexts of the matrix products. */
        @Override
        public void close() {
            if (batch != null) {
                batch.close();
            }
        }

        /** Row {@code r}'s next-token probabilities after the last {@link #step}; overwritten by the next. */
        public float[] probabilities(int r) {
            return probabilities[r];
        }

        /**
         * One step: row {@code r} reads token {@code previous[r]}. Afterwards {@link #probabilities} holds each row's
         * distribution of the next token.
         */
        public void step(int[] previous) {
            if (previous.length != size()) {
                throw new IllegalArgumentException(previous.length + " tokens for " + size() + " rows");
            }
            for (int r = 0; r < previous.length; r++) {
                if (previous[r] < 0 || previous[r] >= table.length) {
                    throw new IllegalArgumentException("token " + previous[r] + " outside the vocabulary of "
                            + table.length);
                }
            }
            if (batch != null) {
                stepBatched(previous);
                return;
            }
            IntStream rows = IntStream.range(0, size());
            (size() >= 8 ? rows.parallel() : rows).forEach(r -> stepRow(r, previous[r]));
        }

        private void stepRow(int r, int previous) {
            int s = source[r];
            JavaCell.State state = s1[r];
            float[] z = state.z;
            float[] token = table[previous];
            float[] context = sources.context[s];
            for (int j = 0; j < z.length; j++) {
                z[j] = token[j] + context[j];
            }
            first.recur(state);
            float[] h = state.h;
            if (top != null) {
                JavaCell.State upper = s2[r];
                float[] in = upper.z;
                System.arraycopy(top.b, 0, in, 0, in.length);
                if (sources.keys != null) {
                    attend(h, sources.keys[s], sources.values[s], weights[r], in);
                }
                for (int i = 0; i < h.length; i++) {
                    JavaCell.axpy(h[i], top.w[i], in, 0, in.length);
                }
                top.recur(upper);
                h = upper.h;
            }
            JavaCell.softmax(h, outW, outB, probabilities[r]);
        }

        /**
         * One step of every row with matrix products ({@link Batch}): the first layer's recurrent product of the rows'
         * outputs, {@code [h1 h2] [W2; RW2]} for the second, and the output layer's, each one product for all rows, so
         * that the weights are read once a step rather than once a row; the gates, the attention and the softmax in
         * Java, a row at a time.
         */
        private void stepBatched(int[] previous) {
            Batch b = batch;
            int n = size();
            int d1 = first.n;
            int g1 = first.width();
            b.product(b.first);                                          // z1 = h1' RW1
            b.z1.position(0);
            b.z1.get(b.z, 0, n * g1);
            for (int r = 0; r < n; r++) {
                float[] row = b.row;
                System.arraycopy(b.z, r * g1, row, 0, g1);
                float[] token = table[previous[r]];
                float[] context = sources.context[source[r]];
                for (int j = 0; j < g1; j++) {
                    row[j] += token[j] + context[j];
                }
                b.split(row, r, d1);
            }
            b.gates(b.c1, b.h1, n * d1);
            b.publish(b.h1, d1, 0);
            if (top != null) {
                int d2 = top.n;
                int g2 = top.width();
                b.product(b.second);                                     // z2 = [h1 h2'] [W2; RW2]
                b.z2.position(0);
                b.z2.get(b.z, 0, n * g2);
                float[] h1 = b.hRow;
                for (int r = 0; r < n; r++) {
                    float[] row = b.row;
                    System.arraycopy(b.z, r * g2, row, 0, g2);
                    for (int j = 0; j < g2; j++) {
                        row[j] += top.b[j];
                    }
                    if (sources.keys != null) {
                        System.arraycopy(b.h1, r * d1, h1, 0, d1);
                        attend(h1, sources.keys[source[r]], sources.values[source[r]], weights[r], row);
                    }
                    b.split(row, r, d2);
                }
                b.gates(b.c2, b.h2, n * d2);
                b.publish(b.h2, d2, d1);
            }
            b.product(b.output);                                         // logits = h W
            int v = outB.length;
            b.logits.position(0);
            b.logits.get(b.z, 0, n * v);
            for (int r = 0; r < n; r++) {
                float[] p = probabilities[r];
                System.arraycopy(b.z, r * v, p, 0, v);
                for (int k = 0; k < v; k++) {
                    p[k] += outB[k];
                }
                JavaCell.softmax(p);
            }
        }

        /**
         * Row {@code r} becomes what row {@code parents[r]} was (a beam search keeping the continuations of some
         * hypotheses); the rows keep their sources.
         */
        public void reorder(int[] parents) {
            if (parents.length != size()) {
                throw new IllegalArgumentException(parents.length + " parents for " + size() + " rows");
            }
            for (int r = 0; r < parents.length; r++) {
                if (parents[r] < 0 || parents[r] >= size() || source[parents[r]] != source[r]) {
                    throw new IllegalArgumentException("row " + r + " (source " + source[r] + ") cannot continue row "
                            + parents[r]);
                }
            }
            if (batch != null) {
                batch.reorder(parents);
                return;
            }
            for (int r = 0; r < parents.length; r++) {
                spare1[r].copyFrom(s1[parents[r]]);
                if (s2 != null) {
                    spare2[r].copyFrom(s2[parents[r]]);
                }
            }
            JavaCell.State[] swap = s1;
            s1 = spare1;
            spare1 = swap;
            if (s2 != null) {
                swap = s2;
                s2 = spare2;
                spare2 = swap;
            }
        }
    }

    /**
     * The batched state of {@code n} rows: the outputs of both layers side by side, {@code state = [h1 h2] [n, D1 + D2]}
     * off the heap for the products (which read it through column views), the memory cells and working rows in Java.
     */
    private final class Batch implements AutoCloseable {
        final int width;
        final INDArray stateMatrix;
        final FloatBuffer state;
        final INDArray z1Matrix;
        final FloatBuffer z1;
        final INDArray z2Matrix;
        final FloatBuffer z2;
        final INDArray logitsMatrix;
        final FloatBuffer logits;
        final OpContext first;
        final OpContext second;
        final OpContext output;
        final float[] c1;
        final float[] h1;
        final float[] c2;
        final float[] h2;
        final float[] z;
        final float[] row;
        final float[] hRow;
        final float[][] gate;
        final Mmul mmul;

        Batch(int n) {
            int d1 = first().n;
            int d2 = top == null ? 0 : top.n;
            width = d1 + d2;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                stateMatrix = Nd4j.create(DataType.FLOAT, new long[]{n, width}, 'c');
                z1Matrix = Nd4j.create(DataType.FLOAT, new long[]{n, first().width()}, 'c');
                z2Matrix = top == null ? null : Nd4j.create(DataType.FLOAT, new long[]{n, top.width()}, 'c');
                logitsMatrix = Nd4j.create(DataType.FLOAT, new long[]{n, outB.length}, 'c');
            }
            state = LstmCellFloat.floats(stateMatrix);
            z1 = LstmCellFloat.floats(z1Matrix);
            z2 = z2Matrix == null ? null : LstmCellFloat.floats(z2Matrix);
            logits = LstmCellFloat.floats(logitsMatrix);
            first = Gemms.context(stateMatrix.get(all(), interval(0, d1)), rw1, z1Matrix, 0.0);
            second = top == null ? null : Gemms.context(stateMatrix, w2, z2Matrix, 0.0);
            output = Gemms.context(stateMatrix.get(all(), interval(d1 - (top == null ? d1 : 0), width)), outMatrix,
                    logitsMatrix, 0.0);
            c1 = new float[n * d1];
            h1 = new float[n * d1];
            c2 = new float[n * d2];
            h2 = new float[n * d2];
            int widest = Math.max(first().width(), top == null ? 0 : top.width());
            z = new float[n * Math.max(widest, outB.length)];
            row = new float[widest];
            hRow = new float[d1];
            gate = new float[4][n * Math.max(d1, d2)];
            mmul = new Mmul();
        }

        private JavaCell first() {
            return DecoderStepper.this.first;
        }

        void product(OpContext context) {
            Nd4j.exec(mmul, context);
        }

        /** Row {@code r}'s gate blocks {@code [a f o i]} of {@code n} from {@code z} into the gate arrays' row r. */
        void split(float[] z, int r, int n) {
            for (int q = 0; q < 4; q++) {
                System.arraycopy(z, q * n, gate[q], r * n, n);
            }
        }

        /**
         * DL4J's LSTM gates of every row at once, from the gate arrays ({@link #split}) into the memory cells {@code c}
         * and the outputs {@code h}, {@code count} units in all: each loop reads and writes its arrays at one index,
         * so that it vectorises.
         */
        void gates(float[] c, float[] h, int count) {
            JavaCell.lstmGates(gate[0], gate[1], gate[2], gate[3], c, h, count);
        }

        /** Every row's output {@code h} ({@code n} units a row) into the state's columns from {@code column}. */
        void publish(float[] h, int n, int column) {
            for (int r = 0; r < h.length / n; r++) {
                state.position(r * width + column);
                state.put(h, r * n, n);
            }
        }

        /** Row {@code r} of the state becomes row {@code parents[r]}'s. */
        void reorder(int[] parents) {
            int n = parents.length;
            float[] all = new float[n * width];
            state.position(0);
            state.get(all, 0, n * width);
            float[] moved = new float[n * width];
            for (int r = 0; r < n; r++) {
                System.arraycopy(all, parents[r] * width, moved, r * width, width);
            }
            state.position(0);
            state.put(moved, 0, n * width);
            permute(c1, parents, first().n);        // h1 and h2 are written afresh by every step's gates
            if (top != null) {
                permute(c2, parents, top.n);
            }
        }

        private void permute(float[] rows, int[] parents, int n) {
            float[] copy = rows.clone();
            for (int r = 0; r < parents.length; r++) {
                System.arraycopy(copy, parents[r] * n, rows, r * n, n);
            }
        }

        @Override
        public void close() {
            Gemms.close(top == null ? new OpContext[]{first, output} : new OpContext[]{first, second, output});
        }
    }

    private DecoderStepper(Layer embed, JavaCell first, JavaCell top, Map<String, INDArray> attention, Layer output,
                           SourceEncoder encoder) {
        this.first = first;
        this.encoder = encoder != null && encoder.width() == first.nIn - embed.getParam("W").size(1) ? encoder : null;
        this.top = top;
        float[][] embedding = JavaCell.embeddings(embed);
        this.e = embedding[0].length;
        this.table = new float[embedding.length][];
        for (int v = 0; v < embedding.length; v++) {
            float[] z = first.b.clone();
            for (int i = 0; i < e; i++) {
                JavaCell.axpy(embedding[v][i], first.w[i], z, 0, z.length);
            }
            table[v] = z;
        }
        int h = first.nIn - e;
        float[][] fromEncoder = new float[h][];
        System.arraycopy(first.w, e, fromEncoder, 0, h);
        float[][] memoryRows = null;
        if (attention != null) {
            float[][] wq = heads(attention.get("Wq"));     // [head][D]
            float[][] wk = heads(attention.get("Wk"));     // [head][H]
            float[][] wv = heads(attention.get("Wv"));     // [head][H]
            float[][] wo = JavaCell.rowMajor(attention.get("Wo"));   // [head][D]
            int head = wq.length;
            int d = first.n;
            int g2 = top.width();
            float scale = (float) (1 / Math.sqrt(head));
            float[][] into = new float[head][g2];          // Wo W2[D, 2D)
            for (int k = 0; k < head; k++) {
                for (int o = 0; o < wo[k].length; o++) {
                    JavaCell.axpy(wo[k][o], top.w[d + o], into[k], 0, g2);
                }
            }
            memoryRows = new float[h][d + g2];
            for (int i = 0; i < h; i++) {
                float[] keys = new float[d];
                float[] values = new float[g2];
                for (int k = 0; k < head; k++) {
                    JavaCell.axpy(wk[k][i] * scale, wq[k], keys, 0, d);
                    JavaCell.axpy(wv[k][i], into[k], values, 0, g2);
                }
                System.arraycopy(keys, 0, memoryRows[i], 0, d);
                System.arraycopy(values, 0, memoryRows[i], d, g2);
            }
        }
        this.outW = JavaCell.rowMajor(output.getParam("W"));
        this.outB = JavaCell.bias(output);
        this.batched = first.isLstm() && (top == null || top.isLstm());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            rw1 = Nd4j.create(first.rw);
            if (top != null) {
                float[][] stacked = new float[first.n + top.n][];
                System.arraycopy(top.w, 0, stacked, 0, first.n);
                System.arraycopy(top.rw, 0, stacked, first.n, top.n);
                w2 = Nd4j.create(stacked);
            } else {
                w2 = null;
            }
            outMatrix = Nd4j.create(outW);
            contextW = Nd4j.create(fromEncoder);
            memoryW = memoryRows == null ? null : Nd4j.create(memoryRows);
        }
    }

    /** A one-head projection {@code [1, head, nIn]} as rows {@code [head][nIn]}. */
    private static float[][] heads(INDArray w) {
        return JavaCell.rowMajor(w.reshape('c', w.size(1), w.size(2)));
    }

    /**
     * The stepper of {@code net}'s decoder, or {@code null} when it is not one this class computes: the vertices named
     * as in {@code Seq2seqModel} ({@code embedding} an identity {@code EmbeddingSequenceLayer}, {@code decoder} and
     * {@code top} seq4j's LSTM or GRU in single precision, {@code attention} DL4J's {@code AttentionVertex} of one
     * projected head, {@code output} a softmax); {@code attention} and {@code top} are null for a decoder without
     * attention. Anything else decodes through DL4J as before.
     */
    public static DecoderStepper of(ComputationGraph net, String embedding, String decoder, String attention,
                                    String top, String output) {
        return of(net, embedding, decoder, attention, top, output, null, null);
    }

    /**
     * As {@link #of(ComputationGraph, String, String, String, String, String)}, with the encoder too where it is one
     * {@link #encode(int[][])} computes: {@code sourceEmbedding}'s embedding, then the recurrent {@code encoderLayers}
     * (seq4j's LSTM, one- or two-directional), each reading the one below; else {@link #encodes} is false.
     */
    public static DecoderStepper of(ComputationGraph net, String embedding, String decoder, String attention,
                                    String top, String output, String sourceEmbedding, List<String> encoderLayers) {
        SourceEncoder encoder = sourceEmbedding == null ? null : SourceEncoder.of(net, sourceEmbedding, encoderLayers);
        Layer embed = layer(net, embedding);
        Layer first = layer(net, decoder);
        Layer out = layer(net, output);
        if (embed == null || !JavaCell.isEmbedding(embed) || first == null || !(out instanceof FastRnnOutput o)
                || !(o.layerConf().getActivationFn() instanceof ActivationSoftmax)
                || out.getParam("W").dataType() != DataType.FLOAT) {
            return null;
        }
        JavaCell cell = JavaCell.of(first.conf().getLayer(), first, "");
        if (cell == null || cell.nIn <= embed.getParam("W").size(1)) {
            return null;
        }
        if (attention == null) {
            return out.getParam("W").size(0) == cell.n ? new DecoderStepper(embed, cell, null, null, out, encoder) : null;
        }
        Layer upper = layer(net, top);
        GraphVertex vertex = net.getVertex(attention);
        if (upper == null || vertex == null
                || !(net.getConfiguration().getVertices().get(attention) instanceof AttentionVertex conf)
                || !conf.isProjectInput() || conf.getNHeads() != 1) {
            return null;
        }
        JavaCell second = JavaCell.of(upper.conf().getLayer(), upper, "");
        Map<String, INDArray> params = vertex.paramTable(false);
        if (second == null || second.nIn != cell.n + conf.getNOut() || conf.getNInQueries() != cell.n
                || params.get("Wq") == null || params.get("Wq").dataType() != DataType.FLOAT
                || out.getParam("W").size(0) != second.n) {
            return null;
        }
        return new DecoderStepper(embed, cell, second, params, out, encoder);
    }

    private static Layer layer(ComputationGraph net, String name) {
        GraphVertex vertex = name == null ? null : net.getVertex(name);
        return vertex == null || !vertex.hasLayer() || vertex.getLayer().numParams() == 0 ? null : vertex.getLayer();
    }

    /**
     * A chunk of sources, encoded: the encoder's last outputs {@code [n, H]} and (with attention) its memory
     * {@code [n, H, Ts]}, else null. The work of a source that does not change from step to step is done here.
     */
    public Sources encode(INDArray last, INDArray memory) {
        int n = (int) last.size(0);
        int h = first.nIn - e;
        if (last.size(1) != h) {
            throw new IllegalArgumentException("encodings of " + last.size(1) + ", the decoder reads " + h);
        }
        if (memoryW == null) {
            return sources(last.castTo(DataType.FLOAT), null, n, 0, false);
        }
        if (memory == null || memory.rank() != 3 || memory.size(0) != n || memory.size(1) != h) {
            throw new IllegalArgumentException("the attention needs a memory of [" + n + ", " + h + ", steps]");
        }
        int steps = (int) memory.size(2);
        return sources(last.castTo(DataType.FLOAT), memory.castTo(DataType.FLOAT).permute(0, 2, 1).dup('c')
                .reshape('c', (long) n * steps, h), n, steps, false);
    }

    /** Whether this stepper also encodes sources ({@link #encode(int[][])}): an encoder of LSTM layers. */
    public boolean encodes() {
        return encoder != null;
    }

    /**
     * Sources of one length, as token ids, encoded by the model's own encoder in Java ({@link SourceEncoder}) and
     * prepared for decoding as {@link #encode(INDArray, INDArray)} prepares the encoder's outputs.
     *
     * @throws IllegalStateException where {@link #encodes} is false
     */
    public Sources encode(int[][] ids) {
        if (encoder == null) {
            throw new IllegalStateException("this model's encoder is computed by DL4J");
        }
        int n = ids.length;
        int steps = ids[0].length;
        INDArray outputs = encoder.encode(ids);                                       // [steps * n, H], time-major
        INDArray last = outputs.get(interval((long) (steps - 1) * n, (long) steps * n), all());
        return sources(last, memoryW == null ? null : outputs, n, steps, true);
    }

    /**
     * What decoding needs of each source: from the encodings' last outputs {@code last [n, H]} and their every step
     * {@code memory [n * steps, H]} (null without attention), row {@code t * n + s} when {@code timeMajor}, else
     * {@code s * steps + t}.
     */
    private Sources sources(INDArray last, INDArray memory, int n, int steps, boolean timeMajor) {
        float[][] context = rows(Gemms.product(last, contextW), n);                               // [n][G1]
        if (memory == null) {
            return new Sources(context, null, null);
        }
        INDArray projected = Gemms.product(memory, memoryW);                                     // [n * Ts, D + G2]
        float[] flat = new float[(int) projected.length()];
        LstmCellFloat.floats(projected).get(flat);                                      // 'c', made by product
        int d = first.n;
        int width = (int) projected.size(1);
        float[][][] k = new float[n][steps][];
        float[][][] v = new float[n][steps][];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < steps; t++) {
                int at = (timeMajor ? t * n + s : s * steps + t) * width;
                k[s][t] = java.util.Arrays.copyOfRange(flat, at, at + d);
                v[s][t] = java.util.Arrays.copyOfRange(flat, at + d, at + width);
            }
        }
        return new Sources(context, k, v);
    }

    /** A {@code [n, cols]} {@code 'c'} matrix of its own buffer as rows ({@code toFloatMatrix} made a view a row). */
    private static float[][] rows(INDArray matrix, int n) {
        int cols = (int) matrix.size(1);
        FloatBuffer data = LstmCellFloat.floats(matrix);                                // 'c', made by product
        float[][] rows = new float[n][cols];
        for (int r = 0; r < n; r++) {
            data.position(r * cols);
            data.get(rows[r]);
        }
        return rows;
    }

    /** Rows to decode, row {@code r} a hypothesis of source {@code source[r]}, every state zero. */
    public Rows rows(Sources sources, int[] source) {
        return new Rows(sources, source);
    }

    /**
     * Attention of query {@code h} over a source's {@code keys} (already in the query's space and scaled), its
     * softmax weights into {@code w}, and the weighted sum of the source's {@code values} added into {@code in}.
     */
    private static void attend(float[] h, float[][] keys, float[][] values, float[] w, float[] in) {
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < keys.length; t++) {
            float dot = 0f;
            float[] k = keys[t];
            for (int j = 0; j < h.length; j++) {
                dot += h[j] * k[j];
            }
            w[t] = dot;
            max = Math.max(max, dot);
        }
        float total = 0f;
        for (int t = 0; t < keys.length; t++) {
            w[t] = (float) Math.exp(w[t] - max);
            total += w[t];
        }
        for (int t = 0; t < keys.length; t++) {
            JavaCell.axpy(w[t] / total, values[t], in, 0, in.length);
        }
    }
}
