package dev.seq4j.run;

import dev.seq4j.UserException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * XChart charts as PNG bytes, for files written atomically by a run or sweep directory.
 * <p>
 * A chart is a report, never a reason for a run or a sweep to stop: XChart 3.8.8's tick placement
 * ({@code AxisTickCalculator_.calculate}) loops for ever when the tick labels it tries never come out unique and
 * fitting (seen with a custom label formatter over unevenly ordered x values: a sweep stopped for good inside it while
 * holding its lock). So every chart is drawn on a thread of its own and given {@link #limitSeconds()}; one that takes
 * longer, or throws, is a {@link PlotException}, which callers report as a warning and skip the file.
 */
public final class Charts {
    /** System property: seconds a chart may take to draw (default {@value #DEFAULT_LIMIT_SECONDS}). */
    public static final String LIMIT_PROPERTY = "seq4j.plotSeconds";
    static final double DEFAULT_LIMIT_SECONDS = 30;

    private Charts() {
    }

    /** A chart that could not be drawn: took longer than the limit, or XChart failed. One line, for a warning. */
    public static final class PlotException extends RuntimeException {
        public PlotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The chart as PNG bytes, drawn within {@link #limitSeconds()}; otherwise a {@link PlotException}. */
    public static byte[] png(Chart<?, ?> chart) {
        System.setProperty("java.awt.headless", "true");
        FutureTask<byte[]> draw = new FutureTask<>(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        });
        Thread thread = new Thread(draw, "seq4j-chart");
        thread.setDaemon(true); // never keeps the JVM alive
        thread.start();
        double limit = limitSeconds();
        try {
            return draw.get((long) (limit * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(thread);
            throw new PlotException(String.format(Locale.ROOT, "drawing '%s' took longer than %.0f s (XChart's axis "
                    + "ticks did not settle) and was given up", chart.getTitle(), limit), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new PlotException("drawing '" + chart.getTitle() + "' failed (" + cause.getClass().getSimpleName()
                    + ": " + UserException.firstLine(cause) + ")", cause);
        } catch (InterruptedException e) {
            abandon(thread);
            Thread.currentThread().interrupt();
            throw new PlotException("drawing '" + chart.getTitle() + "' was interrupted", e);
        }
    }

    /** Seconds a chart may take: {@value #LIMIT_PROPERTY}, or {@value #DEFAULT_LIMIT_SECONDS}. */
    public static double limitSeconds() {
        try {
            double s = Double.parseDouble(System.getProperty(LIMIT_PROPERTY, "" + DEFAULT_LIMIT_SECONDS));
            return s > 0 && Double.isFinite(s) ? s : DEFAULT_LIMIT_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT_SECONDS;
        }
    }

    /**
     * Stops a drawing thread that overran, as a last resort. XChart's tick loop does not look at interrupts, and left
     * running it would spin on a core for the rest of the process (a sweep runs for hours). On Java 17 (our target) the
     * thread is stopped outright: it draws into an image of its own, but measures labels through the JDK's shared font
     * caches, so a stop there could in principle leave one inconsistent for later charts of this process (a chart then
     * fails, which is a warning too). Where {@code Thread.stop} is gone (Java 20 and later) the thread is left to spin as
     * a daemon.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private static void abandon(Thread thread) {
        thread.interrupt();
        try {
            thread.stop();
        } catch (UnsupportedOperationException | SecurityException e) {
            // a daemon thread: it ends with the process
        }
    }
}
