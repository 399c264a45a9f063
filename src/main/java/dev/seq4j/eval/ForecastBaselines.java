package dev.seq4j.eval;

import dev.seq4j.classical.Ets;
import dev.seq4j.classical.Theta;

/**
 * The baselines forecasters compare against (Hyndman and Athanasopoulos, <i>Forecasting: Principles and
 * Practice</i>, section 5.2), each forecasting {@code h} steps from a history {@code y[0..n-1]} that ends at the
 * forecast origin:
 * <ul>
 * <li>naive: every step is the last value, {@code y[n-1]};</li>
 * <li>seasonal naive: step {@code k} (1-based) is the value one season earlier,
 * {@code y[n - 1 + k - m * ceil(k / m)]}; with {@code m = 1} it is the naive forecast;</li>
 * <li>drift: the line through the first and the last value, extended: {@code y[n-1] + k (y[n-1] - y[0]) / (n - 1)};</li>
 * <li>ets: exponential smoothing, the form with the lowest AICc fitted to the history ({@link Ets#select});</li>
 * <li>theta: the Theta method ({@link Theta}).</li>
 * </ul>
 * Baselines see the whole history up to the origin, which is all a forecaster would have; ETS and Theta are fitted
 * afresh at every origin.
 */
public final class ForecastBaselines {
    public static final java.util.List<String> NAMES = java.util.List.of("naive", "seasonalNaive", "drift", "ets",
            "theta");

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

    /** ETS's forecast: the form with the lowest AICc on the history (a season longer than 24 steps is left out). */
    public static double[] ets(double[] history, int h, int m) {
        require(history, 4, "ETS");
        return Ets.select(history, m).forecast(h);
    }

    /** The Theta method's forecast, seasonally adjusted when the history is seasonal at period {@code m}. */
    public static double[] theta(double[] history, int h, int m) {
        require(history, 4, "Theta");
        return Theta.fit(history, m).forecast(h);
    }

    /** The named baseline's forecast ({@link #NAMES}). */
    public static double[] forecast(String name, double[] history, int h, int m) {
        return switch (name) {
            case "naive" -> naive(history, h);
            case "seasonalNaive" -> seasonalNaive(history, h, m);
            case "drift" -> drift(history, h);
            case "ets" -> ets(history, h, m);
            case "theta" -> theta(history, h, m);
            default -> throw new IllegalArgumentException("unknown baseline " + name);
        };
    }

    private static void require(double[] history, int n, String what) {
        if (history.length < n) {
            throw new IllegalArgumentException(what + " needs at least " + n + " past values, got " + history.length);
        }
    }
}
