package dev.seq4j.classical;

import java.util.function.ToDoubleFunction;

/**
 * The Nelder-Mead simplex minimiser as R's {@code optim} has it ({@code nmmin} in R's {@code src/appl/optim.c}), which
 * the forecast package's {@code ets()} calls with reflection 1, contraction 0.5, expansion 2, a relative tolerance of
 * {@code sqrt(machine epsilon)} and 2,000 evaluations: ported so that our ETS fits start and stop where R's do. A
 * point where the objective is not finite (outside the parameters' bounds) counts as {@value #BIG}.
 */
public final class NelderMead {
    static final double BIG = 1.0e35;
    private static final double REFLECT = 1.0;
    private static final double CONTRACT = 0.5;
    private static final double EXPAND = 2.0;

    private NelderMead() {
    }

    /**
     * The minimum found from {@code start}.
     *
     * @param relTol   stop when the simplex's worst and best values differ by less than
     *                 {@code relTol * (|f(start)| + relTol)}
     * @param maxEvals stop after about this many evaluations
     * @return the best point and its value
     */
    public static Result minimise(ToDoubleFunction<double[]> f, double[] start, double relTol, int maxEvals) {
        int n = start.length;
        double[] x = start.clone();
        double f0 = f.applyAsDouble(x);
        if (!Double.isFinite(f0)) {
            return new Result(x, f0, 1);
        }
        int evals = 1;
        double convTol = relTol * (Math.abs(f0) + relTol);
        // p[i][j]: coordinate i of vertex j; p[n][j] its value; column n + 1 the centroid
        double[][] p = new double[n + 1][n + 2];
        p[n][0] = f0;
        for (int i = 0; i < n; i++) {
            p[i][0] = x[i];
        }
        int low = 0;
        double step = 0;
        for (double v : x) {
            step = Math.max(step, 0.1 * Math.abs(v));
        }
        if (step == 0) {
            step = 0.1;
        }
        double size = 0;
        for (int j = 1; j <= n; j++) {
            for (int i = 0; i < n; i++) {
                p[i][j] = x[i];
            }
            double tryStep = step;
            while (p[j - 1][j] == x[j - 1]) {
                p[j - 1][j] = x[j - 1] + tryStep;
                tryStep *= 10;
            }
            size += tryStep;
        }
        double oldSize = size;
        boolean evaluate = true;
        int c = n + 1;
        do {
            if (evaluate) {
                for (int j = 0; j <= n; j++) {
                    if (j != low) {
                        p[n][j] = value(f, column(p, j, n));
                        evals++;
                    }
                }
                evaluate = false;
            }
            double vl = p[n][low];
            double vh = vl;
            int high = low;
            for (int j = 0; j <= n; j++) {
                if (j != low) {
                    double v = p[n][j];
                    if (v < vl) {
                        low = j;
                        vl = v;
                    }
                    if (v > vh) {
                        high = j;
                        vh = v;
                    }
                }
            }
            if (vh <= vl + convTol) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double sum = -p[i][high];
                for (int j = 0; j <= n; j++) {
                    sum += p[i][j];
                }
                p[i][c] = sum / n;
            }
            for (int i = 0; i < n; i++) {
                x[i] = (1 + REFLECT) * p[i][c] - REFLECT * p[i][high];
            }
            double vr = value(f, x);
            evals++;
            if (vr < vl) {
                p[n][c] = vr;
                for (int i = 0; i < n; i++) {
                    double e = EXPAND * x[i] + (1 - EXPAND) * p[i][c];
                    p[i][c] = x[i];
                    x[i] = e;
                }
                double ve = value(f, x);
                evals++;
                if (ve < vr) {
                    set(p, high, x, ve);
                } else {
                    for (int i = 0; i < n; i++) {
                        p[i][high] = p[i][c];
                    }
                    p[n][high] = vr;
                }
            } else {
                if (vr < vh) {
                    set(p, high, x, vr);
                }
                for (int i = 0; i < n; i++) {
                    x[i] = (1 - CONTRACT) * p[i][high] + CONTRACT * p[i][c];
                }
                double vc = value(f, x);
                evals++;
                if (vc < p[n][high]) {
                    set(p, high, x, vc);
                } else if (vr >= vh) {
                    // shrink towards the best vertex
                    evaluate = true;
                    size = 0;
                    for (int j = 0; j <= n; j++) {
                        if (j != low) {
                            for (int i = 0; i < n; i++) {
                                p[i][j] = CONTRACT * (p[i][j] - p[i][low]) + p[i][low];
                                size += Math.abs(p[i][j] - p[i][low]);
                            }
                        }
                    }
                    if (size < oldSize) {
                        oldSize = size;
                    } else {
                        break; // the simplex stopped shrinking
                    }
                }
            }
        } while (evals <= maxEvals);
        return new Result(column(p, low, n), p[n][low], evals);
    }

    /** The best point found, its objective value, and how many evaluations it took. */
    public record Result(double[] x, double value, int evaluations) {
    }

    private static double value(ToDoubleFunction<double[]> f, double[] x) {
        double v = f.applyAsDouble(x.clone());
        return Double.isFinite(v) ? v : BIG;
    }

    private static double[] column(double[][] p, int j, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = p[i][j];
        }
        return out;
    }

    private static void set(double[][] p, int j, double[] x, double v) {
        for (int i = 0; i < x.length; i++) {
            p[i][j] = x[i];
        }
        p[x.length][j] = v;
    }
}
