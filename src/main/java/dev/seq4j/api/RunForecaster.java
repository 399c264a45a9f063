package dev.seq4j.api;

import dev.seq4j.UserException;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.eval.ForecastMethod;
import dev.seq4j.result.ForecastSummary;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.ForecastTask;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link Forecaster} of a run: its scaler, targets and network (or its ensemble's members, their outputs
 * averaged), unrolled as {@link ForecastTask#outputs} does, or ETS or Theta fitted to the table's history, or the mean
 * of them, as the run's summary names its method.
 */
final class RunForecaster extends RunModel implements Forecaster {
    private final ForecastDataSpec spec;
    private final ForecastTask.Loaded m;
    private final List<String> targets;
    private final List<ComputationGraph> nets;

    private RunForecaster(RunDirectory run, RunConfig config, ForecastTask.Loaded m, List<ComputationGraph> nets) {
        super(run, config);
        this.spec = (ForecastDataSpec) config.data();
        this.m = m;
        this.nets = nets;
        this.targets = List.copyOf(summary().targets()); // as many as m.targets(): Loaded.of checked the list
    }

    /** Reads a forecast run: targets, season and scaler checked against the model before its weights. */
    static RunForecaster load(RunDirectory run) {
        ForecastTask.Loaded m = ForecastTask.Loaded.of(run);
        return new RunForecaster(run, run.config(), m, m.networks(run));
    }

    @Override
    public ForecastSummary summary() {
        return (ForecastSummary) super.summary();
    }

    @Override
    public List<String> targets() {
        return targets;
    }

    @Override
    public int columns() {
        return (int) m.columns();
    }

    /** The fewest steps the run's method forecasts from ({@link ForecastTask.Loaded#history}). */
    @Override
    public int inputLength() {
        return m.history(spec.inputLength());
    }

    @Override
    public int horizon() {
        return spec.horizon();
    }

    @Override
    public TimeTable read(Path csv) {
        return ForecastData.table("csv", csv, spec, m.lateStarts());
    }

    @Override
    public TimeTable table(List<String> times, java.util.Map<String, double[]> values) {
        java.util.Objects.requireNonNull(times, "times");
        java.util.Objects.requireNonNull(values, "values");
        List<String> columns = new ArrayList<>(targets);
        columns.addAll(summary().covariates());
        for (String name : values.keySet()) {
            if (!columns.contains(name)) {
                throw new UserException("values." + name + ": not a column of this run, which reads " + columns);
            }
        }
        List<double[]> series = new ArrayList<>();
        for (String c : columns) {
            double[] v = values.get(c);
            if (v == null) {
                throw new UserException("values." + c + ": missing; the run reads " + columns);
            }
            series.add(v);
        }
        // messages: times[3], values.turnover[7]
        return TimeTable.of("", times, columns, series, spec.missing(), new TimeTable.Starts(targets.size(),
                m.lateStarts()));
    }

    @Override
    public Forecast forecast(TimeTable table, int horizon) {
        int columns = table.columns().size();
        int t = m.targets();
        int h = spec.horizon();
        if (columns != m.columns()) {
            throw new UserException("table: " + table.file() + " has " + columns + " columns " + table.columns()
                    + "; the run's model reads " + m.columns());
        }
        if (horizon < 1) {
            throw new UserException("horizon: must be at least 1, got " + horizon);
        }
        if (horizon > h && columns > t) {
            throw new UserException(String.format(Locale.ROOT, "horizon: %d is longer than the run's %d, and the run "
                    + "reads covariates %s whose future values are unknown; forecast %d steps or less", horizon, h,
                    table.columns().subList(t, columns), h));
        }
        int needed = inputLength();
        if (table.length() < needed) {
            throw new UserException(String.format(Locale.ROOT, "table: %s has %d steps; the run reads %d before the "
                    + "forecast", table.file(), table.length(), needed));
        }
        m.checkStarts("table", table, table.length(), false);
        double[][] network = m.method().usesNetwork() ? network(table, horizon) : null;
        double[][] forecast = m.method().forecast(part -> part.equals(ForecastMethod.NETWORK) ? network
                : ForecastMethod.classical(part, table.values(), t, table.length(), horizon, m.season()));
        return ForecastTask.band(table.columns().subList(0, t), table.next(horizon), forecast,
                m.widths() == null ? null : m.widths().at(table.values(), table.length()));
    }

    /** The network's forecast {@code [target][step]}, in rounds of the run's horizon. */
    private double[][] network(TimeTable table, int horizon) {
        int columns = table.columns().size();
        int t = m.targets();
        int h = spec.horizon();
        // rounds of the run's horizon: each round's forecast (targets; covariates only when none are read) appended
        List<double[]> rows = new ArrayList<>(Arrays.asList(table.values()));
        double[][] forecast = new double[t][horizon];
        for (int done = 0; done < horizon; done += h) {
            double[][] v = rows.toArray(new double[0][]);
            double[] out;
            synchronized (nets) {
                out = ForecastTask.outputs(nets, v, m.scaler(), List.of(v.length), m.layout())[0];
            }
            double[][] f = m.layout().forecast(out, v, m.scaler(), v.length);
            for (int k = 0; k < h; k++) {
                double[] row = new double[columns];
                for (int c = 0; c < t; c++) {
                    row[c] = f[c][k];
                    if (done + k < horizon) {
                        forecast[c][done + k] = f[c][k];
                    }
                }
                rows.add(row);
            }
        }
        return forecast;
    }
}
