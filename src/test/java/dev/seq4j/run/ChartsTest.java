package dev.seq4j.run;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Charts are drawn in bounded time: one that XChart never finishes is given up, and its thread does not spin on. */
class ChartsTest {
    /**
     * What the sweep plot of layer sizes did before issue 23: a custom tick formatter that labels only the integer
     * positions, over x values whose first-seen order (2, 0, 1) is not evenly spaced. XChart 3.8.8 then searches for
     * a tick step whose labels are unique, and the blanks around the categories never are.
     */
    static XYChart neverEndingChart() {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("never ends").build();
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < 3 ? "[" + (64 << i) + "]" : " ";
        });
        chart.addSeries("a", new double[]{2, 0, 1, 2}, new double[]{4.5, 3.2, 4.2, 4.1});
        return chart;
    }

    @Test
    void aChartThatNeverFinishesIsGivenUpWithinTheLimit() throws InterruptedException {
        String before = System.getProperty(Charts.LIMIT_PROPERTY);
        System.setProperty(Charts.LIMIT_PROPERTY, "3");
        try {
            long start = System.nanoTime();
            Charts.PlotException e = assertThrows(Charts.PlotException.class, () -> Charts.png(neverEndingChart()));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 3 && seconds < 20, "given up after " + seconds + " s");
            assertTrue(e.getMessage().contains("'never ends' took longer than 3 s"), e.getMessage());
            if (Runtime.version().feature() < 20) { // Thread.stop works up to Java 19 (we target 17)
                for (int i = 0; i < 50 && drawing(); i++) {
                    Thread.sleep(100);
                }
                assertFalse(drawing(), "the drawing thread still runs");
            }
        } finally {
            if (before == null) {
                System.clearProperty(Charts.LIMIT_PROPERTY);
            } else {
                System.setProperty(Charts.LIMIT_PROPERTY, before);
            }
        }
    }

    private static boolean drawing() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("seq4j-chart") && t.isAlive());
    }

    @Test
    void anOrdinaryChartIsAPng() {
        byte[] png = LearningCurve.png("curve", "bits", java.util.List.of(3.0, 2.5, 2.2), java.util.List.of(3.1, 2.7, 2.6));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }
}
