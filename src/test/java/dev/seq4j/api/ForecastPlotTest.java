package dev.seq4j.api;

import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.result.ForecastSummary;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A forecaster's typed summary, and a forecast drawn through the public API as {@code seq4j forecast --plot} does. */
class ForecastPlotTest {
    @Test
    void aForecastersSummaryIsItsTypedBacktest() {
        Forecaster f = Seq4j.load(TinyRuns.run("forecast"), Forecaster.class);
        ForecastSummary s = f.summary();
        assertEquals(f.targets(), s.targets());
        assertEquals(s.test().model().mae(), s.testMae());
        assertEquals(s.test().seasonalNaive().mae(), s.seasonalNaiveTestMae());
        assertEquals(s.test().naive().mae(), s.trivial().testMae());
        assertEquals(s.testMae(), s.test().model().perTarget().get("v").mae()); // one target: its own is the mean
    }

    @Test
    void aForecastIsDrawnAfterItsHistoryAndNextToAHeldOutPart() throws IOException {
        Forecaster f = Seq4j.load(TinyRuns.run("forecast"), Forecaster.class);
        TimeTable table = f.read(TinyRuns.data("forecast"));
        int from = table.length() - 3;
        Forecast held = f.forecast(table.head(from), 3);
        byte[] withActual = held.png("held out", table, from);
        BufferedImage image = image(withActual);
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
        // the same forecast without the values that came true draws one series less
        assertFalse(Arrays.equals(withActual, held.png("held out", table.head(from), from)));
        BufferedImage phase = image(held.phasePng("phase", "v", "v", table, from));
        assertEquals(700, phase.getWidth());
        assertEquals(600, phase.getHeight());
        assertEquals("origin: " + (from + 1) + " in a table of " + table.length() + " steps; the 3 forecast steps "
                        + "start at its end or have all their true values after it",
                assertThrows(IllegalArgumentException.class, () -> held.png("x", table, from + 1)).getMessage());
        assertEquals("no target 'w' in [v]", assertThrows(IllegalArgumentException.class,
                () -> held.phasePng("x", "v", "w", table, from)).getMessage());
    }

    private static BufferedImage image(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
