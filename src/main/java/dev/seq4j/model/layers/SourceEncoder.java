package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A seq2seq model's encoder ({@code ids -> embedding -> LSTM layers, one- or two-directional}) for a batch of sources
 * of one length, from a copy of its weights: each layer's input projection is one matrix product over all steps and
 * rows, each step's recurrent product one over all rows, the gates in Java. Through DL4J's graph the same encoding
 * cost about 5 ms a call and 2.5 ms a step for 128 sources (issue 28), several times the decoding it feeds.
 * Rows of its outputs are time-major: row {@code t * n + s} is source {@code s} at step {@code t}. Immutable and
 * thread-safe.
 */
final class SourceEncoder {
    /** One direction of a layer: its weights as matrices for the products and its bias. */
    private record Direction(INDArray w, INDArray rw, INDArray bias, int n) {
        static Direction of(JavaCell cell) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return new Direction(Nd4j.create(cell.w), Nd4j.create(cell.rw),
                        Nd4j.create(cell.b, new long[]{1, cell.b.length}), cell.n);
            }
        }
    }

    /** A layer: its forward direction, and the backward one of a bidirectional layer, concatenated or added. */
    private record Stage(Direction forward, Direction backward, boolean concat) {
        int width() {
            return backward != null && concat ? 2 * forward.n() : forward.n();
        }
    }

    private final float[][] embedding;   // [V][E], the bias added
    private final List<Stage> stages;

    private SourceEncoder(float[][] embedding, List<Stage> stages) {
        this.embedding = embedding;
        this.stages = stages;
    }

    /**
     * The encoder of {@code net} ({@code embeddingName}'s identity {@code EmbeddingSequenceLayer}, then {@code layers},
     * each reading the one before: seq4j's LSTM in single precision, alone or inside a concatenating or adding
     * {@code Bidirectional}), or null when it is not one this class computes.
     */
    static SourceEncoder of(ComputationGraph net, String embeddingName, List<String> layers) {
        if (layers == null || layers.isEmpty()) {
            return null;
        }
        GraphVertex embedVertex = net.getVertex(embeddingName);
        if (embedVertex == null || !embedVertex.hasLayer() || !JavaCell.isEmbedding(embedVertex.getLayer())) {
            return null;
        }
        Layer embed = embedVertex.getLayer();
        List<Stage> stages = new ArrayList<>();
        String below = embeddingName;
        long width = embed.getParam("W").size(1);
        for (String name : layers) {
            GraphVertex vertex = net.getVertex(name);
            if (vertex == null || !vertex.hasLayer() || !List.of(below).equals(
                    net.getConfiguration().getVertexInputs().get(name))) {
                return null;
            }
            Stage stage = stage(vertex.getLayer());
            if (stage == null || stage.forward().w().size(0) != width) {
                return null;
            }
            stages.add(stage);
            width = stage.width();
            below = name;
        }
        return new SourceEncoder(JavaCell.embeddings(embed), stages);
    }

    private static Stage stage(Layer layer) {
        JavaCell.Stage cells = JavaCell.stage(layer);
        return cells == null || !cells.lstm() ? null : new Stage(Direction.of(cells.forward()),
                cells.backward() == null ? null : Direction.of(cells.backward()), cells.concat());
    }

    /** Width of the top layer's output. */
    int width() {
        return stages.get(stages.size() - 1).width();
    }

    /**
     * The top layer's outputs for sources of one length ({@code ids[s][t]}, each in the vocabulary):
     * {@code [steps * n, width]}, row {@code t * n + s}.
     */
    INDArray encode(int[][] ids) {
        int n = ids.length;
        int steps = ids[0].length;
        int e = embedding[0].length;
        float[] x = new float[n * steps * e];
        for (int s = 0; s < n; s++) {
            if (ids[s].length != steps) {
                throw new IllegalArgumentException("source " + s + " has " + ids[s].length + " tokens, not " + steps);
            }
            for (int t = 0; t < steps; t++) {
                int id = ids[s][t];
                if (id < 0 || id >= embedding.length) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary of "
                            + embedding.length);
                }
                System.arraycopy(embedding[id], 0, x, (t * n + s) * e, e);
            }
        }
        INDArray input = Nd4j.create(x, new long[]{(long) n * steps, e}, 'c');
        for (Stage stage : stages) {
            INDArray forward = run(stage.forward(), input, n, steps, false);
            if (stage.backward() == null) {
                input = forward;
            } else {
                INDArray backward = run(stage.backward(), input, n, steps, true);
                input = stage.concat() ? Nd4j.hstack(forward, backward) : forward.addi(backward);
            }
        }
        return input;
    }

    /** One direction over the rows of {@code input} ({@code [steps * n, nIn]}, time-major): its outputs, alike. */
    private static INDArray run(Direction d, INDArray input, int n, int steps, boolean reversed) {
        int units = d.n();
        int g = 4 * units;
        INDArray z = Gemms.product(input, d.w()).addiRowVector(d.bias());                // [steps * n, 4H]: b + x W
        INDArray out = Nd4j.create(DataType.FLOAT, new long[]{(long) steps * n, units}, 'c');
        FloatBuffer zs = LstmCellFloat.floats(z);
        FloatBuffer outs = LstmCellFloat.floats(out);
        float[] rows = new float[n * g];
        float[][] gates = new float[4][n * units];
        float[] c = new float[n * units];
        float[] h = new float[n * units];
        int previous = -1;
        for (int k = 0; k < steps; k++) {
            int t = reversed ? steps - 1 - k : k;
            INDArray zt = z.get(interval((long) t * n, (long) (t + 1) * n), all());
            if (previous >= 0) {
                Nd4j.gemm(out.get(interval((long) previous * n, (long) (previous + 1) * n), all()), d.rw(), zt,
                        false, false, 1.0, 1.0);                                       // z_t += h_{t-1} RW
            }
            zs.position(t * n * g);
            zs.get(rows, 0, n * g);
            for (int r = 0; r < n; r++) {
                for (int q = 0; q < 4; q++) {
                    System.arraycopy(rows, r * g + q * units, gates[q], r * units, units);
                }
            }
            JavaCell.lstmGates(gates[0], gates[1], gates[2], gates[3], c, h, n * units);
            outs.position(t * n * units);
            outs.put(h, 0, n * units);
            previous = t;
        }
        return out;
    }
}
