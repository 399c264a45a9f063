package dev.seq4j.eval;

/**
 * The baselines forecasters compare against (Hyndman and Athanasopoulos, <i>Forecasting: Principles and
 * Practice</i>, section 5.2), each forecasting {@code h} steps from a history {@code y[0..n-1]} that ends at the
 * forecast origin:
 * <ul>
 * <li>naive: every step is the last value, {@code y[n-1]};</li>
 * <li>seasonal naive: step {@code k} (1-based) is the value one season earlier,
 * {@code y[n - 1 + k - m * ceil(k / m)]}; with {@code m = 1} it is the naive forecast;</li>
 * <li>drift: the line through the first and the last value, extended: {@code y[n-1] + k (y[n-1] - y[0]) / (n - 1)}.</li>
 * </ul>
 * Baselines see the whole history up to the origin, which is all a forecaster would have.
 */
public final class ForecastBaselines {
    public static final java.util.List<String> NAMES = java.util.List.of("naive", "seasonalNaive", "drift");

    private ForecastBaselines() {
    }

    public static double[] naive(double[] history, int h) {
        require(history, 1, "naive");
        double[] out = new double[h];
        java.util.Arrays.fill(out, history[history.length - 1]);
        return out;
    }

    /** @param m the seasonal period, at least 1 and at most the history's length */
    public static double[] seasonalNaive(double[] history, int h, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("seasonal period must be at least 1, got " + m);
        }
        require(history, m, "seasonal naive with period " + m);
        int n = history.length;
        double[] out = new double[h];
        for (int k = 1; k <= h; k++) {
            out[k - 1] = history[n - 1 + k - m * ((k + m - 1) / m)];
        }
        return out;
    }

    public static double[] drift(double[] history, int h) {
        require(history, 2, "drift");
        int n = history.length;
        double slope = (history[n - 1] - history[0]) / (n - 1);
        double[] out = new double[h];
        for (int k = 1; k <= h; k++) {
            out[k - 1] = history[n - 1] + k * slope;
        }
        return out;
    }

    /** The named baseline's forecast ({@link #NAMES}). */
    public static double[] forecast(String name, double[] history, int h, int m) {
        return switch (name) {
            case "naive" -> naive(history, h);
            case "seasonalNaive" -> seasonalNaive(history, h, m);
            case "drift" -> drift(history, h);
            default -> throw new IllegalArgumentException("unknown baseline " + name);
        };
    }

    private static void require(double[] history, int n, String what) {
        if (history.length < n) {
            throw new IllegalArgumentException(what + " needs at least " + n + " past values, got " + history.length);
        }
    }
}
