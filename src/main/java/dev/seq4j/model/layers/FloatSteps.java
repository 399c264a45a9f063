package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Per-step Java arrays shared by the single-precision cells: growing them, the mask spread over a step's
 * units, and the move between a step's rows ({@code [mb, n]}, index {@code b * n + j}) and DL4J's 2-d layout
 * of a whole time series ({@code [n][T * mb]}, index {@code j * T * mb + t * mb + b}).
 */
final class FloatSteps {
    private FloatSteps() {
    }

    /** At least {@code count} arrays of at least {@code length}, keeping those already big enough. */
    static float[][] grow(float[][] arrays, int count, int length) {
        float[][] grown = arrays.length >= count ? arrays : Arrays.copyOf(arrays, count);
        for (int k = 0; k < count; k++) {
            if (grown[k] == null || grown[k].length < length) {
                grown[k] = new float[length];
            }
        }
        return grown;
    }

    static float[] grow(float[] array, int length) {
        return array.length >= length ? array : new float[length];
    }

    static int[] grow(int[] array, int length) {
        return array.length >= length ? array : new int[length];
    }

    /** The time-major mask {@code [steps * mb]} as one array per step with each row's value on all its units. */
    static float[][] mask(INDArray maskTimeMajor, int steps, int mb, int n) {
        if (maskTimeMajor == null) {
            return null;
        }
        float[] m = maskTimeMajor.castTo(DataType.FLOAT).toFloatVector();
        float[][] spread = new float[steps][mb * n];
        for (int t = 0; t < steps; t++) {
            for (int row = 0; row < mb; row++) {
                Arrays.fill(spread[t], row * n, (row + 1) * n, m[t * mb + row]);
            }
        }
        return spread;
    }

    /** Writes rows {@code from .. to-1} of step {@code t}'s {@code h} into {@code unitMajor}; row {@code r} is the
     * call's {@code order[r]} ({@code null}: row {@code r}). */
    static void scatter(float[] h, int t, float[] unitMajor, int steps, int mb, int n, int[] order, int from, int to) {
        int rows = steps * mb;
        for (int row = from; row < to; row++) {
            int column = t * mb + (order == null ? row : order[row]);
            for (int j = 0; j < n; j++) {
                unitMajor[j * rows + column] = h[row * n + j];
            }
        }
    }

    /** Reads every step's rows out of {@code unitMajor} into {@code byStep}, in memory order of the source. */
    static void gather(float[] unitMajor, float[][] byStep, int steps, int mb, int n) {
        int rows = steps * mb;
        for (int j = 0; j < n; j++) {
            int from = j * rows;
            for (int t = 0; t < steps; t++) {
                float[] e = byStep[t];
                int column = from + t * mb;
                for (int row = 0; row < mb; row++) {
                    e[row * n + j] = unitMajor[column + row];
                }
            }
        }
    }
}
