package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A text classifier's network ({@code ids -> embedding -> LSTM or GRU layers, one- or two-directional -> last step,
 * max or mean -> softmax}) for one text at a time in plain Java ({@link JavaCell}) from a copy of its weights: a
 * single sentence took about a millisecond through DL4J's graph for a few hundred thousand multiply-adds (issue 28).
 * Immutable and thread-safe: every call has its own state. Make it from a network whose parameters no longer
 * change (the typed API's models: they only infer).
 */
public final class FrozenClassifier {
    private final float[][] embedding;     // [V][E], the bias added
    private final List<JavaCell.Stage> stages;
    private final PoolingType pooling;     // null: the last step
    private final float[][] outW;          // [width][C]
    private final float[] outB;
    /**
     * The first layer's input projection {@code b + embedding(id) W} of every token, per direction, when the tables
     * stay small ({@link #TABLE_FLOATS} floats in all); null otherwise. An embedding row only ever reaches the network through
     * this product, so a text's first layer then does half the arithmetic.
     */
    private final float[][][] projected;
    /** The most floats the projection tables may take (16 MB). */
    private static final long TABLE_FLOATS = 4L << 20;

    private FrozenClassifier(Layer embed, List<JavaCell.Stage> stages, PoolingType pooling, Layer output, long tableFloats) {
        this.embedding = JavaCell.embeddings(embed);
        this.stages = stages;
        this.pooling = pooling;
        this.outW = JavaCell.rowMajor(output.getParam("W"));
        this.outB = JavaCell.bias(output);
        JavaCell.Stage first = stages.get(0);
        JavaCell[] cells = first.backward() == null ? new JavaCell[]{first.forward()}
                : new JavaCell[]{first.forward(), first.backward()};
        if ((long) embedding.length * first.forward().width() * cells.length <= tableFloats) {
            projected = new float[cells.length][embedding.length][];
            for (int d = 0; d < cells.length; d++) {
                for (int id = 0; id < embedding.length; id++) {
                    projected[d][id] = cells[d].projection(embedded(id));
                }
            }
        } else {
            projected = null;
        }
    }

    /** The embedding of token {@code id}, bias added (the table's row: read, never written). */
    private float[] embedded(int id) {
        return embedding[id];
    }

    /**
     * A copy of {@code net}'s weights to classify with, or {@code null} when it is not a network this class computes:
     * exactly {@code input -> EmbeddingSequenceLayer -> recurrent layers -> pooling -> softmax OutputLayer} in single
     * precision, the recurrent layers seq4j's LSTM (sigmoid gates, tanh) or GRU, alone or inside {@code Bidirectional}
     * (concatenated or added), the pooling {@code LastTimeStepVertex} or global max or average. The rest (residual
     * connections, other cells) goes through DL4J as before.
     */
    public static FrozenClassifier of(ComputationGraph net) {
        return of(net, TABLE_FLOATS);
    }

    /** As {@link #of(ComputationGraph)}, with projection tables of at most {@code tableFloats} floats (0: none). */
    public static FrozenClassifier of(ComputationGraph net, long tableFloats) {
        List<GraphVertex> chain = JavaCell.chain(net);
        if (chain == null) {
            return null;
        }
        Layer embed = null;
        List<JavaCell.Stage> stages = new ArrayList<>();
        boolean pooled = false;
        PoolingType pooling = null;
        Layer output = null;
        for (GraphVertex vertex : chain) {
            String name = vertex.getVertexName();
            if (output != null) {
                return null;
            }
            if (!vertex.hasLayer()) {
                if (pooled || embed == null || stages.isEmpty()
                        || !(net.getConfiguration().getVertices().get(name) instanceof LastTimeStepVertex)) {
                    return null;
                }
                pooled = true;
                continue;
            }
            Layer layer = vertex.getLayer();
            if (layer.conf().getLayer() instanceof GlobalPoolingLayer global) {
                if (pooled || stages.isEmpty()
                        || (global.getPoolingType() != PoolingType.MAX && global.getPoolingType() != PoolingType.AVG)) {
                    return null;
                }
                pooling = global.getPoolingType();
                pooled = true;
                continue;
            }
            INDArray w = layer.numParams() == 0 ? null
                    : layer.paramTable().containsKey("W") ? layer.getParam("W") : layer.getParam("fW");
            if (w == null || w.dataType() != DataType.FLOAT) {
                return null;
            }
            if (embed == null) {
                if (!JavaCell.isEmbedding(layer)) {
                    return null;
                }
                embed = layer;
            } else if (!pooled) {
                JavaCell.Stage stage = JavaCell.stage(layer);
                if (stage == null) {
                    return null;
                }
                stages.add(stage);
            } else if (layer instanceof OutputLayer out && out.layerConf().getActivationFn() instanceof ActivationSoftmax) {
                output = layer;
            } else {
                return null;
            }
        }
        if (output == null || !pooled) {
            return null;
        }
        int width = (int) embed.getParam("W").size(1);
        for (JavaCell.Stage stage : stages) {
            if (stage.forward().nIn != width) {
                return null;
            }
            width = stage.width();
        }
        return output.getParam("W").size(0) == width ? new FrozenClassifier(embed, stages, pooling, output, tableFloats)
                : null;
    }

    /** Number of classes: the length of what {@link #probabilities} returns. */
    public int classes() {
        return outB.length;
    }

    /** The class probabilities of one text of token ids (each in the embedding's vocabulary, at least one). */
    public float[] probabilities(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("no tokens");
        }
        int steps = ids.length;
        float[][] sequence = new float[steps][];
        for (int t = 0; t < steps; t++) {
            if (ids[t] < 0 || ids[t] >= embedding.length) {
                throw new IllegalArgumentException("token id " + ids[t] + " outside the vocabulary of " + embedding.length);
            }
            sequence[t] = projected == null ? embedded(ids[t]) : null;
        }
        for (int i = 0; i < stages.size(); i++) {
            JavaCell.Stage stage = stages.get(i);
            boolean tables = i == 0 && projected != null;
            float[][] forward = run(stage.forward(), sequence, false, tables ? projected[0] : null, ids);
            if (stage.backward() == null) {
                sequence = forward;
                continue;
            }
            float[][] backward = run(stage.backward(), sequence, true, tables ? projected[1] : null, ids);
            int n = stage.forward().n;
            for (int t = 0; t < steps; t++) {
                float[] joined = new float[stage.width()];
                System.arraycopy(forward[t], 0, joined, 0, n);
                if (stage.concat()) {
                    System.arraycopy(backward[t], 0, joined, n, n);
                } else {
                    for (int j = 0; j < n; j++) {
                        joined[j] += backward[t][j];
                    }
                }
                sequence[t] = joined;
            }
        }
        float[] pooled = pool(sequence);
        float[] out = new float[outB.length];
        JavaCell.softmax(pooled, outW, outB, out);
        return out;
    }

    /**
     * Every step's output of {@code cell} over {@code sequence}, read backwards when {@code reversed}; with a
     * projection {@code table}, over the rows of {@code ids} in it instead.
     */
    private static float[][] run(JavaCell cell, float[][] sequence, boolean reversed, float[][] table, int[] ids) {
        JavaCell.State state = cell.state();
        float[][] out = new float[sequence.length][];
        for (int i = 0; i < sequence.length; i++) {
            int t = reversed ? sequence.length - 1 - i : i;
            if (table == null) {
                cell.step(sequence[t], -1, state);
            } else {
                cell.stepProjected(table[ids[t]], state);
            }
            out[t] = state.h.clone();
        }
        return out;
    }

    private float[] pool(float[][] sequence) {
        int steps = sequence.length;
        if (pooling == null) {
            return sequence[steps - 1];
        }
        float[] pooled = sequence[0].clone();
        for (int t = 1; t < steps; t++) {
            float[] row = sequence[t];
            for (int j = 0; j < pooled.length; j++) {
                pooled[j] = pooling == PoolingType.MAX ? Math.max(pooled[j], row[j]) : pooled[j] + row[j];
            }
        }
        if (pooling == PoolingType.AVG) {
            for (int j = 0; j < pooled.length; j++) {
                pooled[j] /= steps;
            }
        }
        return pooled;
    }
}
