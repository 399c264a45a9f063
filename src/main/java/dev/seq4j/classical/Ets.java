package dev.seq4j.classical;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Exponential smoothing state-space models (ETS; Hyndman, Koehler, Ord and Snyder, <i>Forecasting with Exponential
 * Smoothing</i>, 2008), fitted and chosen as the forecast package's {@code ets()} does in R, so that its published fits
 * are our tests:
 * <ul>
 * <li>error additive or multiplicative, trend none, additive or additive damped, season none, additive or
 * multiplicative; the forms R's {@code ets()} tries by default ({@link #candidates}): no multiplicative trend, no
 * multiplicative part under an additive error, no multiplicative error on data that is not all positive, no season
 * when the period is 1, longer than 24 or not shorter than the series;</li>
 * <li>the state is {@code [level, growth, s_1..s_m]}, the newest seasonal state first; the one-step forecast reads the
 * oldest, {@code s_m}, and every update pushes the new seasonal state to the front;</li>
 * <li>the smoothing parameters and the initial states are fitted together by maximum likelihood
 * ({@code n log(SSE)}, plus {@code 2 sum log|forecast|} for a multiplicative error) with R's Nelder-Mead from R's
 * starting values: {@code alpha, beta, gamma} in {@code [1e-4, 0.9999]} with {@code beta < alpha} and
 * {@code gamma < 1 - alpha}, {@code phi} in {@code [0.8, 0.98]}, and the model admissible (its characteristic
 * polynomial's roots within the unit circle);</li>
 * <li>forms are compared by AICc, counting the parameters, the initial states (the last seasonal state follows from
 * the others) and the variance.</li>
 * </ul>
 * A form that cannot be fitted (too few values for its parameters) is passed over; {@link #select} always has
 * simple exponential smoothing to fall back on.
 */
public final class Ets {
    private static final double[] LOWER = {1e-4, 1e-4, 1e-4, 0.8};
    private static final double[] UPPER = {0.9999, 0.9999, 0.9999, 0.98};
    /** R's {@code sqrt(.Machine$double.eps)}: Nelder-Mead's relative tolerance. */
    private static final double REL_TOL = 1.490116119384765625e-8;
    private static final int MAX_EVALS = 2000;
    /** The longest season ETS models; longer ones are fitted without one, as R does. */
    public static final int MAX_SEASON = 24;
    private static final double TOL = 1e-10;
    private static final double HUGE = 1e10;

    private Ets() {
    }

    /** A component of the trend or the season: none, additive or multiplicative. */
    public enum Kind { N, A, M }

    /**
     * An ETS form, written as R writes it: error, trend ({@code d} when damped), season: {@code "MAdM"}.
     *
     * @param multiplicativeError whether the error is relative to the forecast
     * @param trend               the trend ({@link Kind#M} is not fitted here)
     * @param damped              whether the trend is damped by {@code phi}
     * @param season              the season
     */
    public record Form(boolean multiplicativeError, Kind trend, boolean damped, Kind season) {
        public Form {
            if (trend == Kind.M) {
                throw new IllegalArgumentException("a multiplicative trend is not supported");
            }
            if (damped && trend == Kind.N) {
                throw new IllegalArgumentException("a damped form needs a trend");
            }
        }

        /** Reads R's notation: {@code ANN, AAdA, MAM}. */
        public static Form parse(String text) {
            String t = text.strip().toUpperCase(Locale.ROOT);
            boolean damped = t.length() == 4 && t.charAt(2) == 'D';
            if (!t.matches("[AM][NA]D?[NAM]")) {
                throw new IllegalArgumentException("not an ETS form (error A|M, trend N|A|Ad, season N|A|M): " + text);
            }
            return new Form(t.charAt(0) == 'M', Kind.valueOf(t.substring(1, 2)), damped,
                    Kind.valueOf(t.substring(t.length() - 1)));
        }

        @Override
        public String toString() {
            return (multiplicativeError ? "M" : "A") + trend + (damped ? "d" : "") + season;
        }

        int states(int m) {
            return 1 + (trend != Kind.N ? 1 : 0) + (season != Kind.N ? m : 0);
        }
    }

    /** The forms R's {@code ets()} tries by default on {@code y} with period {@code m} (see the class comment). */
    public static List<Form> candidates(double[] y, int m) {
        boolean positive = Seasonal.positive(y);
        boolean seasonal = m > 1 && m <= MAX_SEASON && y.length > m;
        List<Form> out = new ArrayList<>();
        for (boolean me : new boolean[]{false, true}) {
            for (Kind trend : new Kind[]{Kind.N, Kind.A}) {
                for (Kind season : seasonal ? new Kind[]{Kind.N, Kind.A, Kind.M} : new Kind[]{Kind.N}) {
                    for (boolean damped : new boolean[]{false, true}) {
                        if ((damped && trend == Kind.N) || (!me && season == Kind.M) || (me && !positive)) {
                            continue;
                        }
                        out.add(new Form(me, trend, damped, season));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The candidate form with the lowest AICc ({@link #candidates}), fitted to all of {@code y}.
     *
     * @throws IllegalArgumentException when no form can be fitted (fewer than 4 values)
     */
    public static Fit select(double[] y, int m) {
        Fit best = null;
        for (Form form : candidates(y, m)) {
            Fit fit = fit(y, m, form);
            if (fit != null && (best == null || fit.aicc() < best.aicc())) {
                best = fit;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("ETS needs at least 4 values, got " + y.length);
        }
        return best;
    }

    /**
     * Fits one form by maximum likelihood, or {@code null} when the series is too short for its parameters (they
     * must be fewer than {@code n - 1}) or the fit fails.
     */
    public static Fit fit(double[] y, int m, Form form) {
        int period = form.season() == Kind.N ? 1 : m;
        if (y.length < 4 || (form.season() != Kind.N && (m < 2 || m > MAX_SEASON || y.length <= m))) {
            return null;
        }
        double[] start = initialStates(y, period, form);
        Target target = new Target(y, period, form);
        double[] par = target.startParameters(start);
        if (par.length >= y.length - 1) {
            return null;
        }
        NelderMead.Result r = NelderMead.minimise(target::objective, par, REL_TOL, MAX_EVALS);
        // Nelder-Mead's simplex can collapse before the minimum; a fresh simplex from where it stopped goes on
        NelderMead.Result again = NelderMead.minimise(target::objective, r.x(), REL_TOL, MAX_EVALS);
        if (again.value() < r.value()) {
            r = again;
        }
        if (!(r.value() < NelderMead.BIG)) {
            return null;
        }
        return target.fit(r.x());
    }

    /**
     * The fit of {@code form} at given parameters: {@code alpha, beta, gamma, phi} where the form has them, then the
     * initial states without the last seasonal one; how a published fit is checked against ours.
     */
    static Fit at(double[] y, int m, Form form, double... parameters) {
        return new Target(y, form.season() == Kind.N ? 1 : m, form).fit(parameters);
    }

    /**
     * Starting states as R's {@code initstate()} makes them: the season from a classical decomposition (from a
     * regression on a line and one Fourier pair when the series has fewer than three seasons), the level and growth
     * from a line through the first {@code max(10, 2m)} seasonally adjusted values; the last seasonal state is
     * left out (it follows from the others).
     */
    static double[] initialStates(double[] y, int m, Form form) {
        int n = y.length;
        double[] adjusted = y.clone();
        double[] seasons = new double[0];
        if (form.season() != Kind.N) {
            boolean mult = form.season() == Kind.M;
            double[] figure = new double[m];
            double[] seasonalOf = new double[n];
            if (n >= 3 * m) {
                figure = Seasonal.figure(y, m, mult);
                for (int t = 0; t < n; t++) {
                    seasonalOf[t] = figure[t % m];
                }
            } else {
                double[][] x = new double[n][3];
                for (int t = 0; t < n; t++) {
                    x[t] = new double[]{t + 1, Math.sin(2 * Math.PI * (t + 1) / m), Math.cos(2 * Math.PI * (t + 1) / m)};
                }
                OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
                ols.newSampleData(y, x);
                double[] b = ols.estimateRegressionParameters();
                for (int t = 0; t < n; t++) {
                    double line = b[0] + b[1] * (t + 1);
                    seasonalOf[t] = mult ? y[t] / line : y[t] - line;
                }
            }
            // s_1 .. s_{m-1}: the newest first, i.e. positions m-1 .. 1 of the first season (rev(seasonal[2:m]) in R)
            seasons = new double[m - 1];
            for (int i = 0; i < m - 1; i++) {
                seasons[i] = seasonalOf[m - 1 - i];
            }
            if (mult) {
                double sum = 0;
                for (int i = 0; i < m - 1; i++) {
                    seasons[i] = Math.max(seasons[i], 1e-2);
                    sum += seasons[i];
                }
                if (sum > m) {
                    for (int i = 0; i < m - 1; i++) {
                        seasons[i] /= sum + (m - 1) * 1e-2;
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                adjusted[t] = mult ? y[t] / Math.max(seasonalOf[t], 1e-2) : y[t] - seasonalOf[t];
            }
        }
        int k = Math.min(Math.max(10, 2 * m), n);
        double[] out = new double[1 + (form.trend() != Kind.N ? 1 : 0) + seasons.length];
        if (form.trend() == Kind.N) {
            double mean = 0;
            for (int t = 0; t < k; t++) {
                mean += adjusted[t] / k;
            }
            out[0] = mean;
        } else {
            // least squares line over t = 1..k; the level is its value at t = 0
            double[] first = java.util.Arrays.copyOf(adjusted, k);
            double b0 = Seasonal.slope(first);
            double l0 = Seasonal.mean(first) - b0 * (k + 1) / 2.0;
            if (Math.abs(l0 + b0) < 1e-8) {
                l0 *= 1 + 1e-3;
                b0 *= 1 + 1e-3;
            }
            out[0] = l0;
            out[1] = b0;
        }
        System.arraycopy(seasons, 0, out, out.length - seasons.length, seasons.length);
        return out;
    }

    /** The likelihood of one form as a function of its free parameters and initial states, and R's checks on them. */
    static final class Target {
        private final double[] y;
        private final int m;
        private final Form form;

        Target(double[] y, int m, Form form) {
            this.y = y;
            this.m = m;
            this.form = form;
        }

        /** R's {@code initparam()}: alpha, beta, gamma, phi where the form has them, then the initial states. */
        double[] startParameters(double[] states) {
            List<Double> p = new ArrayList<>();
            double alpha = LOWER[0] + 0.2 * (UPPER[0] - LOWER[0]) / m;
            if (alpha > 1 || alpha < 0) {
                alpha = LOWER[0] + 2e-3;
            }
            p.add(alpha);
            if (form.trend() != Kind.N) {
                double upper = Math.min(UPPER[1], alpha);
                double beta = LOWER[1] + 0.1 * (upper - LOWER[1]);
                if (beta < 0 || beta > alpha) {
                    beta = alpha - 1e-3;
                }
                p.add(beta);
            }
            if (form.season() != Kind.N) {
                double upper = Math.min(UPPER[2], 1 - alpha);
                double gamma = LOWER[2] + 0.05 * (upper - LOWER[2]);
                if (gamma < 0 || gamma > 1 - alpha) {
                    gamma = 1 - alpha - 1e-3;
                }
                p.add(gamma);
            }
            if (form.damped()) {
                p.add(LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]));
            }
            for (double s : states) {
                p.add(s);
            }
            return p.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** {@code [alpha, beta, gamma, phi]} from a parameter vector (beta and gamma 0, phi 1 where the form has none). */
        double[] smoothing(double[] par) {
            int i = 0;
            double alpha = par[i++];
            double beta = form.trend() != Kind.N ? par[i++] : 0;
            double gamma = form.season() != Kind.N ? par[i++] : 0;
            double phi = form.damped() ? par[i] : 1;
            return new double[]{alpha, beta, gamma, phi};
        }

        int smoothingCount() {
            return 1 + (form.trend() != Kind.N ? 1 : 0) + (form.season() != Kind.N ? 1 : 0) + (form.damped() ? 1 : 0);
        }

        /** The full initial state: the free states, and the last seasonal state that makes the season sum to 0 (m). */
        double[] state(double[] par) {
            int free = par.length - smoothingCount();
            double[] x = new double[form.states(m)];
            System.arraycopy(par, smoothingCount(), x, 0, free);
            if (form.season() != Kind.N) {
                int first = form.trend() != Kind.N ? 2 : 1;
                double sum = 0;
                for (int i = first; i < free; i++) {
                    sum += x[i];
                }
                x[x.length - 1] = (form.season() == Kind.M ? m : 0) - sum;
            }
            return x;
        }

        double objective(double[] par) {
            double[] s = smoothing(par);
            if (!admissible(s[0], s[1], s[2], s[3])) {
                return Double.POSITIVE_INFINITY;
            }
            double lik = run(state(par), s, null);
            return Double.isNaN(lik) ? Double.POSITIVE_INFINITY : lik;
        }

        /** R's {@code check.param()} with {@code bounds = "both"}: the usual bounds, then admissibility. */
        boolean admissible(double alpha, double beta, double gamma, double phi) {
            if (alpha < LOWER[0] || alpha > UPPER[0]) {
                return false;
            }
            if (form.trend() != Kind.N && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) {
                return false;
            }
            if (form.damped() && (phi < LOWER[3] || phi > UPPER[3])) {
                return false;
            }
            if (form.season() != Kind.N && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) {
                return false;
            }
            if (form.season() == Kind.N || m < 2) {
                // within the usual bounds, R's admissibility conditions for a non-seasonal model always hold
                return alpha >= 1 - 1 / phi && alpha <= 1 + 1 / phi
                        && (form.trend() == Kind.N || (beta >= alpha * (phi - 1) && beta <= (1 + phi) * (2 - alpha)));
            }
            if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) {
                return false;
            }
            if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
                return false;
            }
            if (beta < -(1 - phi) * (gamma / m + alpha)) {
                return false;
            }
            // the characteristic polynomial, lowest degree first, as R's polyroot takes it
            double[] p = new double[m + 2];
            p[0] = phi * (1 - alpha - gamma);
            p[1] = alpha + beta - alpha * phi + gamma - 1;
            for (int i = 2; i < m; i++) {
                p[i] = alpha + beta - alpha * phi;
            }
            p[m] = alpha + beta - phi;
            p[m + 1] = 1;
            return withinUnitCircle(p);
        }

        /**
         * Whether every root of the monic polynomial {@code p[0] + p[1] x + ... + x^d} lies within {@code 1 + 1e-10} of
         * the origin, R's test: by the Schur-Cohn step-down (the roots are all strictly inside the unit circle exactly
         * when every reflection coefficient is), a few multiplications where the eigenvalues took most of a fit's
         * time; a reflection coefficient within 1e-6 of 1 (a root near the circle) is settled by the eigenvalues.
         */
        static boolean withinUnitCircle(double[] p) {
            double[] b = p.clone();
            for (int n = b.length - 1; n >= 1; n--) {
                double k = b[0] / b[n];
                if (Math.abs(Math.abs(k) - 1) < 1e-6 || !Double.isFinite(k)) {
                    return spectralRadius(p) <= 1 + 1e-10;
                }
                if (Math.abs(k) > 1) {
                    return false;
                }
                double[] next = new double[n];
                for (int i = 0; i < n; i++) {
                    next[i] = b[i + 1] - k * b[n - 1 - i];
                }
                b = next;
            }
            return true;
        }

        /**
         * The largest modulus of the roots of the monic polynomial {@code p[0] + p[1] x + ... + x^d}: the eigenvalues of
         * its companion matrix (a bounded QR iteration; Laguerre's method can loop without end on these polynomials).
         * Infinite when the eigenvalues cannot be found, which makes the point inadmissible.
         */
        static double spectralRadius(double[] p) {
            int d = p.length - 1;
            double[][] c = new double[d][d];
            for (int i = 0; i < d; i++) {
                c[0][i] = -p[d - 1 - i];
                if (i > 0) {
                    c[i][i - 1] = 1;
                }
            }
            try {
                EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
                double max = 0;
                double[] re = e.getRealEigenvalues();
                double[] im = e.getImagEigenvalues();
                for (int i = 0; i < d; i++) {
                    max = Math.max(max, Math.hypot(re[i], im[i]));
                }
                return max;
            } catch (RuntimeException e) {
                return Double.POSITIVE_INFINITY;
            }
        }

        /**
         * Runs the model over {@code y} from state {@code x} (R's {@code etscalc}); returns {@code n log(SSE)} (+ the
         * multiplicative error's {@code 2 sum log|f|}), NaN when a forecast is undefined. With {@code record} (length
         * n + 1), keeps the residuals in {@code record[0..n)} and leaves the final state in {@code x}.
         */
        double run(double[] x, double[] smoothing, double[] record) {
            double alpha = smoothing[0];
            double beta = smoothing[1];
            double gamma = smoothing[2];
            double phi = smoothing[3];
            boolean hasTrend = form.trend() != Kind.N;
            Kind season = form.season();
            double l = x[0];
            double b = hasTrend ? x[1] : 0;
            int s0 = hasTrend ? 2 : 1;
            int seasons = season == Kind.N ? 0 : m;
            double[] s = new double[seasons];
            System.arraycopy(x, s0, s, 0, seasons);
            int head = 0; // s is a ring: s[(head + j) % m] is s_{j+1}, the newest first
            double sse = 0;
            double logs = 0;
            for (int t = 0; t < y.length; t++) {
                double phib = hasTrend ? phi * b : 0;
                double q = l + phib;
                double oldest = seasons > 0 ? s[(head + m - 1) % m] : 0;
                double f = season == Kind.A ? q + oldest : season == Kind.M ? q * oldest : q;
                double e = form.multiplicativeError() ? (y[t] - f) / f : y[t] - f;
                if (record != null) {
                    record[t] = e;
                }
                sse += e * e;
                logs += Math.log(Math.abs(f));
                double p = season == Kind.N ? y[t] : season == Kind.A ? y[t] - oldest
                        : Math.abs(oldest) < TOL ? HUGE : y[t] / oldest;
                double level = q + alpha * (p - q);
                if (hasTrend) {
                    b = phib + (beta / alpha) * (level - l - phib);
                }
                if (seasons > 0) {
                    double target = season == Kind.A ? y[t] - q : Math.abs(q) < TOL ? HUGE : y[t] / q;
                    head = (head + m - 1) % m;
                    s[head] = oldest + gamma * (target - oldest);
                }
                l = level;
            }
            if (record != null) {
                x[0] = l;
                if (hasTrend) {
                    x[1] = b;
                }
                for (int j = 0; j < seasons; j++) {
                    x[s0 + j] = s[(head + j) % m];
                }
            }
            double lik = y.length * Math.log(sse);
            return form.multiplicativeError() ? lik + 2 * logs : lik;
        }

        Fit fit(double[] par) {
            double[] s = smoothing(par);
            double[] initial = state(par);
            double[] last = initial.clone();
            double[] residuals = new double[y.length];
            double lik = run(last, s, residuals);
            int n = y.length;
            int np = par.length + 1;
            double aic = lik + 2 * np;
            double aicc = aic + 2.0 * np * (np + 1) / (n - np - 1);
            double sse = 0;
            for (double e : residuals) {
                sse += e * e;
            }
            return new Fit(form, m, s[0], s[1], s[2], s[3], initial, last, -0.5 * lik, aicc, sse / (n - np),
                    residuals);
        }
    }

    /**
     * A fitted ETS model.
     *
     * @param period    the seasonal period the season (if any) repeats over
     * @param initial   the fitted initial state {@code [l, b, s_1..s_m]} (as the form has them)
     * @param last      the state after the last value, from which forecasts start
     * @param logLik    R's log-likelihood, {@code -0.5 n log(SSE)} (less {@code sum log|f|} for a multiplicative error)
     * @param aicc      the small-sample corrected AIC the forms are compared by
     * @param sigma2    the residual variance, {@code SSE / (n - number of free parameters and states)}
     * @param residuals the one-step errors, relative for a multiplicative error
     */
    public record Fit(Form form, int period, double alpha, double beta, double gamma, double phi, double[] initial,
                      double[] last, double logLik, double aicc, double sigma2, double[] residuals) {

        /** The point forecasts of the next {@code h} steps (R's {@code pegelsfcast}). */
        public double[] forecast(int h) {
            return forecast(last, h);
        }

        private double[] forecast(double[] x, int h) {
            boolean hasTrend = form.trend() != Kind.N;
            double[] f = new double[h];
            double phiStar = phi;
            for (int i = 0; i < h; i++) {
                f[i] = x[0] + (hasTrend ? phiStar * x[1] : 0);
                if (form.season() != Kind.N) {
                    int j = Math.floorMod(period - 1 - i, period);
                    double s = x[(hasTrend ? 2 : 1) + j];
                    f[i] = form.season() == Kind.A ? f[i] + s : f[i] * s;
                }
                phiStar += Math.pow(phi, i + 2);
            }
            return f;
        }

        /**
         * Future paths of the model with Gaussian errors of the fitted variance, {@code [paths][h]}: what intervals
         * of a form without a closed-form variance are read from (R's {@code simulate.ets}).
         */
        public double[][] simulate(int h, int paths, long seed) {
            Random random = new Random(seed);
            double sd = Math.sqrt(sigma2);
            double[][] out = new double[paths][h];
            Target target = new Target(new double[1], period, form);
            double[] s = {alpha, beta, gamma, phi};
            for (int p = 0; p < paths; p++) {
                double[] x = last.clone();
                for (int k = 0; k < h; k++) {
                    double f = forecast(x, 1)[0];
                    double e = random.nextGaussian() * sd;
                    double y = form.multiplicativeError() ? f * (1 + e) : f + e;
                    out[p][k] = y;
                    target.y[0] = y;
                    target.run(x, s, new double[1]);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ETS(%s) alpha %.4f%s%s%s, AICc %.2f", form, alpha,
                    form.trend() != Kind.N ? String.format(Locale.ROOT, " beta %.4f", beta) : "",
                    form.season() != Kind.N ? String.format(Locale.ROOT, " gamma %.4f", gamma) : "",
                    form.damped() ? String.format(Locale.ROOT, " phi %.4f", phi) : "", aicc);
        }
    }
}
