package dev.seq4j.config;

import dev.seq4j.data.forecast.TimeTable;

import java.util.List;
import java.util.Locale;

/**
 * Data for forecasting: one CSV file with a header, a time column and value columns. The series is split strictly
 * by time: training windows first, then validation windows, then the test part, the last {@code origins} forecast
 * origins (rolling-origin backtest: each forecasts {@code horizon} steps from everything before it).
 *
 * @param train       the CSV file
 * @param valid       the fraction (0..0.5] of the steps before the test part whose windows validate
 * @param timeColumn  header name of the time column; by default {@code t} where the header has it, else the first
 *                    column (worked out when a run starts and saved in its config)
 * @param targets     the columns to forecast; empty means every column that is not a covariate
 * @param covariates  columns the model reads but does not forecast
 * @param missing     missing values: {@code error}, {@code interpolate} or {@code previous}
 * @param inputLength steps the model reads before each forecast origin, or {@code auto} (the default; also 0): three
 *                    seasons, twice the horizon or 10, whichever is longest, as far as the series has room for training
 *                    windows, worked out when the run starts and saved in its config
 * @param horizon     steps forecast from each origin
 * @param stride      steps between consecutive windows and between backtest origins
 * @param season      the seasonal period m of seasonal naive and MASE; 0 = from the time step (12 monthly, 52
 *                    weekly, 4 quarterly, 7 daily, 24 hourly, else 1)
 * @param origins     how many forecast origins the test part has, the last one ending at the series' end
 * @param normalize   {@code standardize} (per column, fitted on the training steps only) or {@code none}
 * @param relative    what the network's windows are relative to: {@code season} (the default; {@code true} in
 *                    configs before it meant {@code last}): inputs and outputs are seasonal differences (each step
 *                    minus the step a season before it; for the outputs, changes from the seasonal naive forecast),
 *                    so the network forecasts what seasonal naive misses; on a series without a season (or an
 *                    autoregressive forecaster, or an input shorter than a season) the same as {@code last}: inputs
 *                    and outputs are changes from the last value, so a trend beyond the training range stays within
 *                    what the model has seen; {@code none} ({@code false}): absolute windows
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 * @param idColumn    empty for a wide file (a column per series); else the column that names each row's series in a
 *                    long file (one row per series and time, as statsforecast's {@code unique_id, ds, y}), each series
 *                    a target, {@code targets} then naming the value column ({@link TimeTable#readLong})
 */
public record ForecastDataSpec(String train, String valid, String timeColumn, List<String> targets,
                               List<String> covariates, String missing,
                               @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = AutoInteger.class)
                               Integer inputLength, Integer horizon,
                               Integer stride, Integer season, Integer origins, Normalize normalize, Relative relative,
                               Integer maxFileMB, String idColumn)
        implements DataSpec {

    public ForecastDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a CSV file with a time column)");
        valid = valid == null ? "0.2" : valid.strip();
        timeColumn = timeColumn == null ? "" : timeColumn.strip();
        targets = targets == null ? List.of() : List.copyOf(targets);
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        missing = missing == null ? "error" : missing.strip().toLowerCase(Locale.ROOT);
        inputLength = inputLength == null ? AutoInteger.AUTO : inputLength;
        horizon = horizon == null ? 12 : horizon;
        stride = stride == null ? 1 : stride;
        season = season == null ? 0 : season;
        origins = origins == null ? 1 : origins;
        normalize = normalize == null ? Normalize.STANDARDIZE : normalize;
        relative = relative == null ? Relative.SEASON : relative;
        idColumn = idColumn == null ? "" : idColumn.strip();
        if (!idColumn.isEmpty()) {
            ConfigException.check(covariates.isEmpty(), "covariates", "a long file (data.idColumn) has one value "
                    + "column, each series' own; covariates need a wide file (a column per series and covariate)");
            ConfigException.check(targets.size() <= 1, "targets", "a long file (data.idColumn) forecasts every series "
                    + "in its one value column; name that column alone, got " + targets);
            ConfigException.check(!idColumn.equals(timeColumn), "idColumn", "'" + idColumn + "' is the time column");
            ConfigException.check(!targets.contains(idColumn), "idColumn", "'" + idColumn + "' is the value column");
        }
        ConfigException.check(TimeTable.MISSING.contains(missing), "missing",
                "must be one of " + TimeTable.MISSING + ", got '" + missing + "'");
        ConfigException.check(inputLength >= 1 || inputLength == AutoInteger.AUTO, "inputLength",
                "must be at least 1, or auto, got " + inputLength);
        ConfigException.check(horizon >= 1, "horizon", "must be at least 1, got " + horizon);
        ConfigException.check(stride >= 1, "stride", "must be at least 1, got " + stride);
        ConfigException.check(season >= 0, "season", "must be 0 (from the time step) or a period >= 1, got " + season);
        ConfigException.check(origins >= 1, "origins", "must be at least 1, got " + origins);
        for (String c : covariates) {
            ConfigException.check(!targets.contains(c), "covariates", "'" + c + "' is also a target");
            ConfigException.check(!c.equals(timeColumn), "covariates", "'" + c + "' is the time column");
        }
        ConfigException.check(!targets.contains(timeColumn), "targets", "'" + timeColumn + "' is the time column");
        try {
            double f = Double.parseDouble(valid);
            ConfigException.check(f > 0 && f <= 0.5, "valid", "a validation fraction must be in (0, 0.5], got " + valid);
        } catch (NumberFormatException e) {
            throw new ConfigException("valid", "must be a fraction of the steps before the test part (splits are by "
                    + "time), got '" + valid + "'");
        }
    }

    /** The first test origin of a series of {@code n} steps: the last of {@code origins} ends at its end. */
    public int testStart(int n) {
        return n - horizon - (origins - 1) * stride;
    }

    /**
     * The network's {@code base} for {@code ForecastData}: 0 for absolute windows, 1 for windows relative to their last
     * value, or the season {@code m} for seasonal differences (outputs relative to seasonal naive).
     *
     * @param season the run's season
     */
    public int base(int season, boolean autoregressive) {
        return switch (relative) {
            case NONE -> 0;
            case LAST -> 1;
            case SEASON -> season > 1 && !autoregressive && inputLength >= season ? season : 1;
        };
    }

    /** Whether the file is long: a row per series and time, {@link #idColumn} naming the series. */
    public boolean longFile() {
        return !idColumn.isEmpty();
    }

    /** Whether {@code inputLength} is {@code auto}, still to be worked out from the data. */
    public boolean autoInputLength() {
        return inputLength == AutoInteger.AUTO;
    }

    /**
     * The same spec reading {@code inputLength} steps, with {@code time} as its time column, relative to {@code base},
     * forecasting {@code targets}.
     */
    public ForecastDataSpec resolved(int steps, String time, Relative base, List<String> targets) {
        return new ForecastDataSpec(train, valid, time, targets, covariates, missing, steps, horizon, stride,
                season, origins, normalize, base, maxFileMB, idColumn);
    }

    /** The test part is the end of the same series (see {@link #origins}), never another file. */
    @Override
    public String test() {
        return null;
    }

    /** What a forecasting network's windows are relative to (see {@link ForecastDataSpec#relative}). */
    public enum Relative implements OptionValue {
        NONE, LAST, SEASON;

        /**
         * Reads a config's value (blanks and case ignored; {@code true} is {@code last} and {@code false} {@code none},
         * as before {@code season}); an unknown one is a {@link ConfigException} on {@code relative}.
         */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Relative of(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return t.equals("true") ? LAST : t.equals("false") ? NONE
                    : OptionValue.parse(Relative.class, text, "relative", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How the values are scaled: {@code data.normalize}. */
    public enum Normalize implements OptionValue {
        STANDARDIZE, NONE;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code normalize}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Normalize of(String text) {
            return OptionValue.parse(Normalize.class, text, "normalize", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
