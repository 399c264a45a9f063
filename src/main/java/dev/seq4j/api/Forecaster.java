package dev.seq4j.api;

import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.result.ForecastSummary;

import java.nio.file.Path;
import java.util.List;

/**
 * A forecasting run ({@code task: forecast}): from the last {@link #inputLength()} steps of a series, the next steps
 * of every target.
 */
public interface Forecaster extends TrainedModel {
    /**
     * What the model forecasts.
     *
     * @return the target columns, in the order of the model's outputs
     */
    List<String> targets();

    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: the test backtest of the model next to the naive, seasonal-naive and
     *         drift forecasts, the targets and the season
     */
    @Override
    ForecastSummary summary();

    /**
     * What the model reads.
     *
     * @return how many columns the model reads: the targets, then the covariates
     */
    int columns();

    /**
     * The model's input window.
     *
     * @return how many steps the model reads before a forecast: the fewest a table to forecast from must have (a run
     *         forecasting with ETS or Theta alone reads all of them, and needs 4)
     */
    int inputLength();

    /**
     * The model's own horizon.
     *
     * @return how many steps the model forecasts at once; longer horizons are forecast in rounds
     */
    int horizon();

    /**
     * Reads a CSV file as the run's training data was read: its time column, the run's columns (targets first) and
     * missing-value policy; a long file (the run's {@code data.idColumn}) or a directory of a file per series as the
     * wide table of its series; for a global model or ETS and Theta, series that start later keep {@code NaN}s before
     * their start.
     *
     * @param csv a CSV file with a header, or a directory of them
     * @return its table
     */
    TimeTable read(Path csv);

    /**
     * A table from values in memory, checked as {@link #read} checks a file and filled by the run's
     * {@code data.missing} policy: what a model server builds from a request.
     *
     * @param times  the times, as the run's CSV time column writes them (ISO dates, or numbers), increasing
     * @param values one series per column the run reads (its targets and covariates, by name), as long as
     *               {@code times}; {@code NaN} for a missing value (for a global model or ETS and Theta, a target's
     *               first {@code NaN}s are before its start)
     * @return the table
     * @throws dev.seq4j.UserException naming the time or value that is wrong, or a column that is missing or unknown
     */
    TimeTable table(List<String> times, java.util.Map<String, double[]> values);

    /**
     * Forecasts the {@code horizon} steps after the end of {@code table}. A horizon beyond the run's own is forecast
     * in rounds, each round's forecast becoming the next round's input; that needs a run without covariates, whose
     * future values nobody knows. When the run has prediction intervals ({@code summary().intervals()}), the forecast
     * carries them; beyond the run's horizon they widen with the square root of the steps.
     *
     * @param table   a table with the run's columns (see {@link #read}), at least {@link #inputLength()} steps (a
     *                series that starts later needs fewer of its own: the error names it when it has too few)
     * @param horizon how many steps to forecast, at least 1
     * @return the forecast
     */
    Forecast forecast(TimeTable table, int horizon);
}
