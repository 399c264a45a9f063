package dev.seq4j.classical;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NelderMeadTest {
    @Test
    void findsTheRosenbrockMinimum() {
        NelderMead.Result r = NelderMead.minimise(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                new double[]{-1.2, 1}, 1e-12, 5000);
        assertArrayEquals(new double[]{1, 1}, r.x(), 1e-3);
        assertEquals(0, r.value(), 1e-6);
    }

    /** Outside the feasible region the objective is infinite; the search stays inside. */
    @Test
    void keepsWithinBoundsGivenAsInfinity() {
        NelderMead.Result r = NelderMead.minimise(x -> x[0] < 0.5 ? Double.POSITIVE_INFINITY : (x[0] - 0.2) * (x[0] - 0.2),
                new double[]{2}, 1e-10, 2000);
        assertTrue(r.x()[0] >= 0.5);
        assertEquals(0.5, r.x()[0], 1e-3);
    }
}
