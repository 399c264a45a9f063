package dev.seq4j.data.synthetic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The integrator is accurate, the trajectory stays on the attractor and visits both lobes. */
class LorenzTest {
    static double[] integrate(double dt, double time) {
        double[] s = {1, 1, 1};
        for (long i = 0, n = Math.round(time / dt); i < n; i++) {
            s = Lorenz.step(s, dt);
        }
        return s;
    }

    @Test
    void rungeKuttaIsFourthOrder() {
        double[] reference = integrate(0.000625, 0.5);
        double coarse = Math.abs(integrate(0.01, 0.5)[0] - reference[0]);
        double fine = Math.abs(integrate(0.005, 0.5)[0] - reference[0]);
        // halving the step of a fourth-order method cuts the error about 2^4 = 16-fold
        assertTrue(coarse / fine > 12 && coarse / fine < 20, coarse + " / " + fine);
        assertTrue(coarse < 1e-3, "error " + coarse);
    }

    @Test
    void theTrajectoryStaysOnTheAttractorAndVisitsBothLobes() {
        double[][] s = Lorenz.trajectory(new double[]{1, 1, 1}, 0.01, 2, 500, 4000);
        int left = 0;
        int right = 0;
        for (double[] p : s) {
            assertTrue(Math.abs(p[0]) < 25 && Math.abs(p[1]) < 35 && p[2] > 0 && p[2] < 55, java.util.Arrays.toString(p));
            left += p[0] < 0 ? 1 : 0;
            right += p[0] > 0 ? 1 : 0;
        }
        assertTrue(left > 1000 && right > 1000, left + " left, " + right + " right");
        assertArrayEquals(s[10], Lorenz.trajectory(new double[]{1, 1, 1}, 0.01, 2, 500, 11)[10], 0);
    }
}
