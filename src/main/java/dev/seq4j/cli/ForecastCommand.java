package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.ForecastTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j forecast RUN_DIR --data FILE --horizon H [--holdout] [--out FILE] [--plot FILE]}. */
@Command(name = "forecast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Forecast the steps after the end of a series with a finished forecast run: a CSV of the time "
                + "and each target's forecast (and, with --holdout, the actual values), and a PNG of history, "
                + "forecast and actuals.")
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
        RunDirectory run = RunDirectory.open(runDir);
        if (!run.config().task().equals("forecast")) {
            throw new UserException(runDir + ": forecast is for forecast runs; this is a " + run.config().task() + " run");
        }
        ForecastTask.Forecast f = ForecastTask.forecast(run, data, horizon, holdout);
        Path png = plot != null ? plot : out == null ? null
                : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".png");
        Seq4j.emit(spec, out, f.csv(), "forecast: " + f.steps() + " steps to " + out);
        if (png != null && f.png() == null) {
            spec.commandLine().getErr().println("forecast: warning: no plot: " + f.plotProblem());
        } else if (png != null) {
            RunDirectory.writeAtomically(png.toAbsolutePath(), f.png());
            spec.commandLine().getErr().println("forecast: plot in " + png);
        }
        return Seq4j.OK;
    }
}
