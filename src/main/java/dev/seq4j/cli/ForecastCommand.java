package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.Forecast;
import dev.seq4j.api.Forecaster;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.data.text.TextFiles;
import dev.seq4j.run.Charts;
import dev.seq4j.run.ForecastPlot;
import dev.seq4j.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code seq4j forecast RUN_DIR --data FILE --horizon H [--holdout] [--out FILE] [--plot FILE]}. */
@Command(name = "forecast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Forecast the steps after the end of a series with a finished forecast run: a CSV of the time "
                + "and each target's forecast (with its 90% interval, TARGET_lower and TARGET_upper, when the run "
                + "has intervals; and, with --holdout, the actual values), and a PNG of history, forecast and actuals.")
public final class ForecastCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a forecast task")
    Path runDir;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the series, with the training data's columns")
    Path data;

    @Option(names = "--horizon", required = true, paramLabel = "H",
            description = "steps to forecast; beyond the run's horizon, forecasts are fed back in rounds (no covariates)")
    int horizon;

    @Option(names = "--holdout", description = "forecast the file's last H steps from the steps before them, "
            + "and write the actual values next to the forecasts")
    boolean holdout;

    @Option(names = "--out", paramLabel = "FILE", description = "write the CSV here instead of standard output")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE", description = "the PNG (default: --out with .png, else none)")
    Path plot;

    @Override
    public Integer call() {
        Forecaster forecaster = Runs.load(runDir, Forecaster.class, "forecast", "forecast");
        TimeTable table = ForecastData.table("--data", data, (ForecastDataSpec) forecaster.config().data(),
                dev.seq4j.task.ForecastTask.lateStarts(forecaster.config()));
        check(forecaster, table);
        // with --holdout, the forecast starts H steps before the file's end, next to the values that came true
        int origin = holdout ? table.length() - horizon : table.length();
        Forecast f = forecaster.forecast(holdout ? table.head(origin) : table, horizon);
        int targets = f.targets().size();
        List<String> times = holdout ? table.times().subList(origin, table.length()) : f.times();
        double[][] history = new double[targets][];
        double[][] actual = holdout ? new double[targets][] : null;
        for (int c = 0; c < targets; c++) {
            double[] column = table.column(c);
            history[c] = Arrays.copyOfRange(column, 0, origin);
            if (holdout) {
                actual[c] = Arrays.copyOfRange(column, origin, table.length());
            }
        }
        ForecastDataSpec config = (ForecastDataSpec) forecaster.config().data();
        StringBuilder csv = new StringBuilder();
        if (config.longFile() || java.nio.file.Files.isDirectory(data)) {
            // as many series come (a long file, a directory of them): a row per series and step, its id, the time and
            // the values
            String v = config.targets().isEmpty() ? "value" : config.targets().get(0);
            csv.append(config.longFile() ? config.idColumn() : "series").append(',').append(config.timeColumn()).append(',').append(v)
                    .append(f.hasIntervals() ? "," + v + "_lower," + v + "_upper" : "")
                    .append(holdout ? "," + v + "_actual" : "").append('\n');
            for (int c = 0; c < targets; c++) {
                for (int k = 0; k < horizon; k++) {
                    csv.append(TextFiles.csvField(f.targets().get(c))).append(',').append(times.get(k));
                    cells(csv, f, actual, c, k);
                    csv.append('\n');
                }
            }
        } else {
            csv.append(config.timeColumn());
            for (String t : f.targets()) {
                csv.append(',').append(t).append(f.hasIntervals() ? "," + t + "_lower," + t + "_upper" : "")
                        .append(holdout ? "," + t + "_actual" : "");
            }
            csv.append('\n');
            for (int k = 0; k < horizon; k++) {
                csv.append(times.get(k));
                for (int c = 0; c < targets; c++) {
                    cells(csv, f, actual, c, k);
                }
                csv.append('\n');
            }
        }
        Path png = plot != null ? plot : out == null ? null
                : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".png");
        Seq4j.emit(spec, out, csv.toString(), "forecast: " + horizon + " steps to " + out);
        if (png != null) {
            String title = String.format(Locale.ROOT, "%s: %d steps from %s%s", data.getFileName(), horizon,
                    times.get(0), holdout ? " (held out)" : "");
            try {
                byte[] image = ForecastPlot.png(title, f.targets(), history, f.values(), actual, origin, f.lower(),
                        f.upper(), f.level());
                RunDirectory.writeAtomically(png.toAbsolutePath(), image);
                spec.commandLine().getErr().println("forecast: plot in " + png);
            } catch (Charts.PlotException e) { // the numbers are what was asked for
                spec.commandLine().getErr().println("forecast: warning: no plot: " + e.getMessage());
            }
        }
        return Seq4j.OK;
    }

    /** Target {@code c}'s forecast at step {@code k}, its interval where the run has them, and the actual value. */
    private static void cells(StringBuilder csv, Forecast f, double[][] actual, int c, int k) {
        csv.append(String.format(Locale.ROOT, ",%.6g", f.values()[c][k]));
        if (f.hasIntervals()) {
            csv.append(String.format(Locale.ROOT, ",%.6g,%.6g", f.lower()[c][k], f.upper()[c][k]));
        }
        if (actual != null) {
            csv.append(String.format(Locale.ROOT, ",%.6g", actual[c][k]));
        }
    }

    /** The options against the run and the file, each problem in the options' own words. */
    private void check(Forecaster forecaster, TimeTable table) {
        int columns = table.columns().size();
        int targets = forecaster.targets().size();
        int h = forecaster.horizon();
        if (columns != forecaster.columns()) {
            throw new UserException("--data: " + data + " has " + columns + " columns " + table.columns()
                    + "; the run's model reads " + forecaster.columns());
        }
        if (horizon < 1) {
            throw new UserException("--horizon: must be at least 1, got " + horizon);
        }
        if (horizon > h && columns > targets) {
            throw new UserException(String.format(Locale.ROOT, "--horizon %d is longer than the run's %d, "
                    + "and the run reads covariates %s whose future values are unknown; use --horizon %d or less",
                    horizon, h, table.columns().subList(targets, columns), h));
        }
        int origin = holdout ? table.length() - horizon : table.length();
        if (origin < forecaster.inputLength()) {
            throw new UserException(String.format(Locale.ROOT, "--data: %s has %d steps; the run reads %d "
                    + "before the forecast%s", data, table.length(), forecaster.inputLength(),
                    holdout ? " and --holdout keeps " + horizon : ""));
        }
    }
}
