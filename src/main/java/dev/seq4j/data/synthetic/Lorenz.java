package dev.seq4j.data.synthetic;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The Lorenz (1963) system, the seeds' chaotic attractor: {@code dx/dt = sigma (y - x)},
 * {@code dy/dt = x (rho - z) - y}, {@code dz/dt = x y - beta z} with the classic sigma = 10, rho = 28,
 * beta = 8/3, integrated with fourth-order Runge-Kutta. Nearby states drift apart exponentially (the largest
 * Lyapunov exponent is about 0.9 per time unit), so only short-term prediction is possible, but a good model's
 * free-running rollout should keep the two-lobed shape of the attractor.
 */
public final class Lorenz {
    public static final double SIGMA = 10;
    public static final double RHO = 28;
    public static final double BETA = 8.0 / 3;

    private Lorenz() {
    }

    /** The time derivative at {@code s = (x, y, z)}. */
    static double[] derivative(double[] s) {
        return new double[]{SIGMA * (s[1] - s[0]), s[0] * (RHO - s[2]) - s[1], s[0] * s[1] - BETA * s[2]};
    }

    /** One Runge-Kutta step of length {@code dt}. */
    public static double[] step(double[] s, double dt) {
        double[] k1 = derivative(s);
        double[] k2 = derivative(add(s, k1, dt / 2));
        double[] k3 = derivative(add(s, k2, dt / 2));
        double[] k4 = derivative(add(s, k3, dt));
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = s[i] + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    private static double[] add(double[] s, double[] d, double h) {
        return new double[]{s[0] + h * d[0], s[1] + h * d[1], s[2] + h * d[2]};
    }

    /**
     * {@code n} states {@code [n][3]}, {@code every} integration steps of {@code dt} apart, from {@code start}
     * after {@code transient} discarded samples (so the trajectory is on the attractor).
     */
    public static double[][] trajectory(double[] start, double dt, int every, int transientSamples, int n) {
        double[] s = start.clone();
        double[][] out = new double[n][];
        for (int i = -transientSamples; i < n; i++) {
            for (int k = 0; k < every; k++) {
                s = step(s, dt);
            }
            if (i >= 0) {
                out[i] = s.clone();
            }
        }
        return out;
    }

    /** Writes {@code t,x,y,z} rows ({@code t} the sample index times {@code dt * every}). */
    public static void writeCsv(double[][] states, double sampleTime, Path file) {
        StringBuilder out = new StringBuilder("t,x,y,z\n");
        for (int i = 0; i < states.length; i++) {
            out.append(String.format(Locale.ROOT, "%.2f,%.5f,%.5f,%.5f%n", i * sampleTime, states[i][0], states[i][1],
                    states[i][2]));
        }
        SyntheticControl.write(file, out);
    }

    /**
     * Writes {@code data/lorenz/lorenz.csv} (or {@code args[0]}): 4,000 states 0.02 time units apart (two RK4 steps
     * of 0.01), from (1, 1, 1) after 500 discarded samples.
     */
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "data/lorenz/lorenz.csv");
        writeCsv(trajectory(new double[]{1, 1, 1}, 0.01, 2, 500, 4000), 0.02, file);
    }
}
