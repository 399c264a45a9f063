package dev.seq4j.classical;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000), as the forecast package's {@code thetaf()} computes it
 * (Hyndman and Billah 2003 showed it is simple exponential smoothing with a drift of half the series' slope):
 * <ol>
 * <li>a series that {@link Seasonal#isSeasonal} at its period is seasonally adjusted by a classical decomposition,
 * multiplicative as in R (additive when a value is not positive, where a ratio means nothing);</li>
 * <li>simple exponential smoothing, ETS(A,N,N), is fitted to the adjusted series;</li>
 * <li>the forecast {@code j} steps ahead (0-based) is the smoothed level plus
 * {@code b (j + (1 - (1 - alpha)^n) / alpha)}, {@code b} half the least-squares slope of the adjusted series;</li>
 * <li>and the season is put back.</li>
 * </ol>
 */
public final class Theta {
    private Theta() {
    }

    /**
     * Fits the Theta method to {@code y} with seasonal period {@code m} (1 for none).
     *
     * @throws IllegalArgumentException with fewer than 4 values
     */
    public static Fit fit(double[] y, int m) {
        int n = y.length;
        if (n < 4) {
            throw new IllegalArgumentException("Theta needs at least 4 values, got " + n);
        }
        double[] figure = null;
        boolean multiplicative = Seasonal.positive(y);
        double[] x = y;
        if (Seasonal.isSeasonal(y, m)) {
            figure = Seasonal.figure(y, m, multiplicative);
            for (double f : figure) {
                if (multiplicative && Math.abs(f) < 1e-4) {
                    figure = null; // R: seasonal indexes equal to zero, use the non-seasonal method
                    break;
                }
            }
        }
        if (figure != null) {
            x = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = multiplicative ? y[t] / figure[t % m] : y[t] - figure[t % m];
            }
        }
        Ets.Fit ses = Ets.fit(x, 1, Ets.Form.parse("ANN"));
        if (ses == null) {
            throw new IllegalArgumentException("simple exponential smoothing could not be fitted to " + n + " values");
        }
        return new Fit(ses, Seasonal.slope(x) / 2, figure, multiplicative, n);
    }

    /**
     * A fitted Theta model.
     *
     * @param ses            simple exponential smoothing of the (adjusted) series
     * @param drift          half the adjusted series' slope per step
     * @param figure         the seasonal figure by position from the series' start, or {@code null} when not seasonal
     * @param multiplicative whether the figure divides (else subtracts)
     * @param n              the series' length
     */
    public record Fit(Ets.Fit ses, double drift, double[] figure, boolean multiplicative, int n) {
        public double[] forecast(int h) {
            double[] f = ses.forecast(h);
            double alpha = Math.max(1e-10, ses.alpha());
            double offset = (1 - Math.pow(1 - alpha, n)) / alpha;
            for (int j = 0; j < h; j++) {
                f[j] += drift * (j + offset);
                if (figure != null) {
                    double s = figure[(n + j) % figure.length];
                    f[j] = multiplicative ? f[j] * s : f[j] + s;
                }
            }
            return f;
        }

        public boolean seasonal() {
            return figure != null;
        }
    }
}
