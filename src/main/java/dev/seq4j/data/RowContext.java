package dev.seq4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Network inputs a split carries for each row beyond its own encoded columns, added after them to every minibatch:
 * a tagger's or text classifier's contextual char-LM features (issue 30), either computed once by frozen LMs ({@link Features}) or, when the
 * LMs train inside the model, the LMs' own inputs ({@code dev.seq4j.infer.CharLmInputs}).
 */
public interface RowContext {
    /**
     * The inputs of a minibatch of {@code rows} whose steps are {@code steps} long, and their masks: an input with a
     * value per step takes {@code stepMask}, one with steps of its own takes its own or none.
     */
    Batch batch(List<Integer> rows, int steps, INDArray stepMask);

    /** The same inputs for {@code rows} only, in that order. */
    RowContext rows(int[] rows);

    /** A minibatch's inputs and their masks, one each. */
    record Batch(INDArray[] features, INDArray[] masks) {
        /** {@code own} inputs of a minibatch followed by these. */
        public INDArray[] featuresAfter(INDArray[] own) {
            return joined(own, features);
        }

        /** {@code own} masks of a minibatch followed by these. */
        public INDArray[] masksAfter(INDArray[] own) {
            return joined(own, masks);
        }

        private static INDArray[] joined(INDArray[] own, INDArray[] extra) {
            INDArray[] out = java.util.Arrays.copyOf(own, own.length + extra.length);
            System.arraycopy(extra, 0, out, own.length, extra.length);
            return out;
        }
    }

    /** Features per step computed beforehand, {@code values[row][step][width]}: one {@code [mb, width, steps]} input. */
    record Features(float[][][] values) implements RowContext {
        /** Features per step, 0 for none. */
        public int width() {
            return values.length == 0 || values[0].length == 0 ? 0 : values[0][0].length;
        }

        @Override
        public Batch batch(List<Integer> rows, int steps, INDArray stepMask) {
            int mb = rows.size();
            int width = width();
            float[] out = new float[mb * width * steps];                               // [mb, W, T], c order, zeros
            for (int b = 0; b < mb; b++) {                                             // past each row's end
                float[][] row = values[rows.get(b)];
                for (int t = 0; t < row.length; t++) {
                    for (int k = 0; k < width; k++) {
                        out[(b * width + k) * steps + t] = row[t][k];
                    }
                }
            }
            return new Batch(new INDArray[]{Nd4j.create(out, new long[]{mb, width, steps}, 'c')},
                    new INDArray[]{stepMask});
        }

        @Override
        public Features rows(int[] rows) {
            float[][][] out = new float[rows.length][][];
            for (int k = 0; k < rows.length; k++) {
                out[k] = values[rows[k]];
            }
            return new Features(out);
        }
    }
}
