package dev.seq4j.classical;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThetaTest {
    /**
     * oildata (yearly): {@code thetaf()}'s formula on R's own SES fit (alpha 0.9999, level 542.3412), drift half the
     * slope 6.4731; values derived in docs/research/issue31 from R's fit, not printed by R itself.
     */
    @Test
    void matchesThetafOnAYearlySeries() {
        Theta.Fit fit = Theta.fit(EtsTest.OILDATA, 1);
        assertFalse(fit.seasonal());
        assertEquals(3.2365327, fit.drift(), 1e-6);
        assertArrayEquals(new double[]{545.5781, 548.8146, 552.0511, 555.2877, 558.5242}, fit.forecast(5), 0.02);
    }

    /** A seasonal series is adjusted, forecast and re-seasonalised: the forecast keeps the season's shape. */
    @Test
    void putsTheSeasonBack() {
        Theta.Fit fit = Theta.fit(EtsTest.AUSTOURISTS, 4);
        assertTrue(fit.seasonal());
        double[] f = fit.forecast(8);
        // austourists peaks in Q1 and dips in Q2; the series ends in Q4, so step 0 is a Q1
        assertTrue(f[0] > f[1] && f[2] > f[1] && f[4] > f[5]);
        double[] seasonalNaive = {73.25702747, 47.69662373, 61.09776802, 66.05576122};
        for (int k = 0; k < 4; k++) {
            assertEquals(seasonalNaive[k], f[k], 0.1 * seasonalNaive[k]);
        }
    }
}
