package dev.seq4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What a forecast run forecasts with, as its summary records it: {@code network}, {@code ets}, {@code theta},
 * {@code seasonalNaive}, or the mean of several joined by {@code +} ({@code ets+theta}, {@code network+ets+theta}). ETS and Theta are fitted to
 * each target's own history wherever they forecast ({@link ForecastBaselines}); the network's forecasts come from the
 * caller, who has the network.
 *
 * @param parts the methods averaged, at least one, each {@link #NETWORK}, {@code ets}, {@code theta} or
 *              {@code seasonalNaive}
 */
public record ForecastMethod(List<String> parts) {
    public static final String NETWORK = "network";
    private static final List<String> KNOWN = List.of(NETWORK, "ets", "theta", "seasonalNaive");

    /**
     * What {@code model.forecaster: auto} compares on the validation origins: the network, each classical method,
     * the means that forecasting competitions found strong (the M4's combinations of exponential smoothing and
     * Theta; a network averaged with them), and seasonal naive, for a series where nothing fitted beats last season
     * (a short seasonal series, where ETS can only fit a trend, extrapolated it 9 times as far off).
     */
    public static final List<ForecastMethod> CANDIDATES = List.of(parse(NETWORK), parse("ets"), parse("theta"),
            parse("ets+theta"), parse("network+ets+theta"), parse("seasonalNaive"));

    public ForecastMethod {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || !KNOWN.containsAll(parts) || parts.stream().distinct().count() != parts.size()) {
            throw new IllegalArgumentException("not a forecast method (one or more of " + KNOWN + " joined by +): "
                    + String.join("+", parts));
        }
    }

    /** Reads {@link #toString}'s form, e.g. {@code ets+theta}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ForecastMethod parse(String text) {
        return new ForecastMethod(Arrays.asList(text.strip().split("\\+")));
    }

    /** Whether the method needs the run's network. */
    public boolean usesNetwork() {
        return parts.contains(NETWORK);
    }

    /** The classical methods among the parts. */
    public List<String> classical() {
        return parts.stream().filter(p -> !p.equals(NETWORK)).toList();
    }

    /**
     * The forecast at one origin, {@code [targets][h]}: the mean of the parts' forecasts.
     *
     * @param part each part's forecast at that origin ({@link #classical(String, double[][], int, int, int, int)}
     *             for ETS and Theta)
     */
    public double[][] forecast(Function<String, double[][]> part) {
        double[][] sum = null;
        for (String p : parts) {
            double[][] f = part.apply(p);
            if (sum == null) {
                sum = new double[f.length][f[0].length];
            }
            for (int c = 0; c < f.length; c++) {
                for (int k = 0; k < f[c].length; k++) {
                    sum[c][k] += f[c][k] / parts.size();
                }
            }
        }
        return sum;
    }

    /**
     * A classical method's forecast of every target from {@code origin}, {@code [targets][h]}: each target's own
     * values before the origin, fitted afresh.
     *
     * @param values the series {@code [T][columns]}, targets first
     */
    public static double[][] classical(String name, double[][] values, int targets, int origin, int h, int season) {
        double[][] f = new double[targets][];
        for (int c = 0; c < targets; c++) {
            f[c] = ForecastBaselines.forecast(name, Backtest.column(values, c, 0, origin), h, season);
        }
        return f;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return String.join("+", parts);
    }
}
