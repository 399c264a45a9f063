package dev.seq4j.data.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.classical.Seasonal;
import dev.seq4j.config.ForecastDataSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A series ready for forecasting: its columns (targets first, then covariates), the split by time, and the
 * normaliser fitted on the training steps.
 *
 * @param table   the series, columns in model order
 * @param targets how many of the first columns are forecast
 * @param season  the seasonal period m
 * @param split   where training, validation and test are
 * @param scaler  per-column normaliser, fitted on the training steps only
 */
public record ForecastData(TimeTable table, int targets, int season, Split split, Scaler scaler) {

    /**
     * Forecast origins (the index of the first forecast step) of each part. Training windows forecast steps before
     * {@code validStart}, validation windows steps from {@code validStart} to before {@code testStart}, and the test
     * origins from {@code testStart} to the series' end; every window reads the {@code inputLength} steps before its
     * origin, which may lie in an earlier part (the past is known), never in a later one.
     */
    public record Split(int validStart, int testStart, List<Integer> train, List<Integer> valid, List<Integer> test) {
    }

    /**
     * How a network reads and writes the windows of a table whose first {@code targets} columns are forecast: the
     * {@code inputLength} steps before each origin in, {@code horizon} steps out, relative to {@code base}
     * ({@link ForecastData#base}), at once or unrolled ({@code autoregressive}); and either every column in one sample
     * per origin that forecasts every target, or ({@code global}) one sample per target per origin, that target's
     * column and the covariates in and that target out, so that one network learns from every target's windows
     * and forecasts each on its own (each column keeps its own scaling).
     *
     * @param inputLength    steps read before each origin
     * @param targets        the table's forecast columns, first
     * @param horizon        steps forecast from each origin
     * @param base           what the outputs are relative to (0 none, 1 the last value, else a season)
     * @param autoregressive whether the network is an encoder-decoder unrolled over the horizon
     * @param global         whether each target is a sample of its own, the network shared
     */
    public record Layout(int inputLength, int targets, int horizon, int base, boolean autoregressive,
                         boolean global) {
        /** Samples per origin: one, or one per target. */
        public int perOrigin() {
            return global ? targets : 1;
        }

        /** The targets one sample forecasts: all, or one. */
        public int sampleTargets() {
            return global ? 1 : targets;
        }

        /** The network's input columns for a table of {@code columns}: all, or one target and the covariates. */
        public int inputs(int columns) {
            return global ? columns - targets + 1 : columns;
        }

        /**
         * The table's columns for a network of {@code inputs} input columns (the inverse of {@link #inputs}).
         */
        public int columns(long inputs) {
            return (int) (global ? inputs + targets - 1 : inputs);
        }

        /** The network's outputs: {@link #sampleTargets} at each step at once, or one step of them at a time. */
        public int outputs() {
            return autoregressive ? sampleTargets() : sampleTargets() * horizon;
        }

        /**
         * The forecast {@code [target][step]} in the table's units from the outputs for one origin,
         * {@code [targets * horizon]} target-major ({@link ForecastData#forecast}).
         */
        public double[][] forecast(double[] output, double[][] values, Scaler scaler, int origin) {
            return ForecastData.forecast(output, values, scaler, origin, targets, horizon, base);
        }

        /**
         * Which of the samples at {@code origins} ({@link #perOrigin} per origin, in {@link #features}' order) a
         * network can learn from: those whose outputs and what they are relative to lie within their series; only a
         * global layout's series may start later than the table ({@link TimeTable.Starts}), so only its samples can
         * fall before a series' start.
         */
        public boolean[] usable(double[][] values, List<Integer> origins) {
            int[] first = starts(values, targets);
            boolean[] out = new boolean[origins.size() * perOrigin()];
            for (int i = 0; i < origins.size(); i++) {
                for (int j = 0; j < perOrigin(); j++) {
                    boolean ok = true;
                    for (int c = global ? j : 0; c < (global ? j + 1 : targets); c++) {
                        ok &= origins.get(i) - Math.max(base, 1) >= first[c];
                    }
                    out[i * perOrigin() + j] = ok;
                }
            }
            return out;
        }

        /**
         * Model inputs for windows at {@code origins} ({@link ForecastData#features}): {@code [n, F, L]}, or global
         * {@code [n * targets, 1 + covariates, L]}, sample {@code i * targets + c} holding target {@code c}.
         */
        public float[][][] features(double[][] values, Scaler scaler, List<Integer> origins) {
            float[][][] all = ForecastData.features(values, scaler, origins, inputLength, targets, base);
            if (!global) {
                return all;
            }
            int covariates = values[0].length - targets;
            float[][][] out = new float[all.length * targets][1 + covariates][];
            for (int i = 0; i < all.length; i++) {
                for (int c = 0; c < targets; c++) {
                    float[][] sample = out[i * targets + c];
                    sample[0] = all[i][c];
                    for (int j = 0; j < covariates; j++) {
                        sample[1 + j] = all[i][targets + j];
                    }
                }
            }
            return out;
        }
    }

    /**
     * Mean and standard deviation per column, over the training steps where it has values (a series that starts
     * later, from its start); a column constant there keeps scale 1.
     */
    public record Scaler(double[] mean, double[] std) {
        public static Scaler fit(double[][] values, int rows, boolean identity) {
            int c = values[0].length;
            double[] mean = new double[c];
            double[] std = new double[c];
            for (int j = 0; j < c; j++) {
                if (identity) {
                    std[j] = 1;
                    continue;
                }
                int from = Math.min(TimeTable.start(values, j), rows - 1); // a series that starts later: from it
                double sum = 0;
                for (int t = from; t < rows; t++) {
                    sum += values[t][j];
                }
                mean[j] = sum / (rows - from);
                double sq = 0;
                for (int t = from; t < rows; t++) {
                    sq += (values[t][j] - mean[j]) * (values[t][j] - mean[j]);
                }
                std[j] = Math.sqrt(sq / (rows - from));
                if (!(std[j] > 1e-12)) {
                    std[j] = 1;
                }
            }
            return new Scaler(mean, std);
        }

        public double scale(double v, int column) {
            return (v - mean[column]) / std[column];
        }

        public double unscale(double v, int column) {
            return v * std[column] + mean[column];
        }

        public void save(Path file) throws IOException {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mean", mean);
            json.put("std", std);
            new ObjectMapper().writeValue(file.toFile(), json);
        }

        /**
         * Reads a scaler written by {@link #save} for {@code width} columns (the model's input width): finite means
         * and positive standard deviations, one per column; anything else is a {@link UserException}.
         */
        public static Scaler load(Path file, long width) {
            var root = dev.seq4j.run.RunFiles.json(file);
            double[] mean = dev.seq4j.run.RunFiles.numbers(file, root, "mean", width);
            double[] std = dev.seq4j.run.RunFiles.numbers(file, root, "std", width);
            for (double s : std) {
                if (!(s > 0)) {
                    throw new UserException(file + ": a standard deviation of " + s + "; the file is corrupt");
                }
            }
            return new Scaler(mean, std);
        }
    }

    /** The training data, split for a network's windows ({@link #split}), every series from the table's start. */
    public static ForecastData load(ForecastDataSpec spec) {
        return load(spec, true, false);
    }

    /**
     * The training data, split for a network's windows ({@link #split}), or, without {@code windows}, for a
     * forecaster fitted to the history alone ({@link #historySplit}); with {@code lateStarts} (a global model) its
     * targets may start later than the table ({@link TimeTable.Starts}).
     */
    public static ForecastData load(ForecastDataSpec spec, boolean windows, boolean lateStarts) {
        TimeTable table = table("data.train", Path.of(spec.train()), spec, lateStarts);
        int targets = targets(table, spec);
        int season = season(table, spec);
        double valid = Double.parseDouble(spec.valid());
        Split split = windows ? split(table, spec, valid, season) : historySplit(table, spec, valid, season);
        checkStarts(table, targets, season, spec.horizon(), split.validStart());
        Scaler scaler = Scaler.fit(table.values(), split.validStart(), spec.normalize() == dev.seq4j.config.ForecastDataSpec.Normalize.NONE);
        return new ForecastData(table, targets, season, split, scaler);
    }

    /**
     * Reads a file with the spec's columns, targets first, then covariates; with {@code lateStarts} (a global model)
     * its targets may start later than the table, their first cells empty ({@link TimeTable.Starts}). A long file
     * ({@code data.idColumn}) or a directory of a file per series is read as the wide table of its series.
     */
    public static TimeTable table(String key, Path file, ForecastDataSpec spec, boolean lateStarts) {
        if (java.nio.file.Files.isDirectory(file)) {
            // a directory of series, a file each: one value column each, no covariates, no id column
            if (spec.longFile() || !spec.covariates().isEmpty() || spec.targets().size() > 1) {
                throw new UserException(key + ": " + file + " is a directory of series, a .csv file each; "
                        + (spec.longFile() ? "data.idColumn names a long file's series column, and a directory's "
                        + "series are its files" : !spec.covariates().isEmpty() ? "each file's one value column is "
                        + "its series' own, so data.covariates needs a wide file" : "data.targets may name only the "
                        + "value column, got " + spec.targets()));
            }
            return TimeTable.readDirectory(key, file, spec.timeColumn(),
                    spec.targets().isEmpty() ? "" : spec.targets().get(0), spec.missing(), spec.fileLimit(), lateStarts);
        }
        if (spec.longFile()) {
            return TimeTable.readLong(key, file, spec.timeColumn(), spec.idColumn(),
                    spec.targets().isEmpty() ? "" : spec.targets().get(0), spec.missing(), spec.fileLimit(), lateStarts);
        }
        List<String> wanted = new ArrayList<>(spec.targets());
        if (wanted.isEmpty() && !spec.covariates().isEmpty()) {
            // the header alone names the targets: every column the covariates leave
            wanted.addAll(TimeTable.read(key, file, spec.timeColumn(), List.of(), spec.missing(), spec.fileLimit(),
                            new TimeTable.Starts(Integer.MAX_VALUE, true)).columns().stream()
                    .filter(c -> !spec.covariates().contains(c)).toList());
        }
        int targets = wanted.isEmpty() ? Integer.MAX_VALUE : wanted.size();
        if (!wanted.isEmpty()) {
            wanted.addAll(spec.covariates());
        }
        return TimeTable.read(key, file, spec.timeColumn(), wanted, spec.missing(), spec.fileLimit(),
                new TimeTable.Starts(targets, lateStarts));
    }

    /** Each of the first {@code targets} columns' first step with a value ({@link TimeTable#start}). */
    public static int[] starts(double[][] values, int targets) {
        int[] out = new int[targets];
        for (int c = 0; c < targets; c++) {
            out[c] = TimeTable.start(values, c);
        }
        return out;
    }

    /** The latest of the targets' starts: 0 unless every series of a global model starts late. */
    public static int latestStart(double[][] values, int targets) {
        return java.util.Arrays.stream(starts(values, targets)).max().orElse(0);
    }

    /**
     * The steps a series that starts later than the table needs before the validation part: a season (what seasonal
     * naive, MASE's scale and a seasonal network's outputs are relative to) and a horizon for one training window,
     * and at least {@link #MIN_HISTORY}.
     */
    static int lateStartSteps(int season, int horizon) {
        return Math.max(MIN_HISTORY, Math.max(season, 1) + horizon);
    }

    /**
     * Checks that each target that starts later than the table has {@link #lateStartSteps} before the validation part
     * at {@code validStart}; else an error naming the column, where it starts and what it needs.
     */
    static void checkStarts(TimeTable table, int targets, int season, int horizon, int validStart) {
        int need = lateStartSteps(season, horizon);
        for (int c = 0; c < targets; c++) {
            int start = table.start(c);
            if (start > 0 && validStart - start < need) {
                String where = start < validStart ? (validStart - start) + " steps before the validation part"
                        : "not before the validation part";
                throw new UserException(String.format(java.util.Locale.ROOT, "data.train: %s column '%s' starts at "
                                + "step %d (%s), %s (from %s); a series that starts later needs at least %d steps there "
                                + "(a season of %d and a horizon of %d), so it must start by %s",
                        table.file(), table.columns().get(c), start, table.times().get(start), where,
                        table.times().get(validStart), need, season, horizon,
                        validStart - need >= 0 ? table.times().get(validStart - need) : "the table's first step"));
            }
        }
    }

    /**
     * The split of a series of {@code n} steps: validation windows are those forecasting the last {@code valid}
     * fraction of the steps before the test part, or, when that gives fewer than {@link #MIN_VALIDATION_ORIGINS},
     * enough more for that as long as the training windows stay at least as many; a series too short for one
     * training, one validation and every test window is an error saying how long it must be.
     */
    public static Split split(TimeTable table, ForecastDataSpec spec, double validFraction, int season) {
        int n = table.length();
        int l = spec.inputLength();
        int h = spec.horizon();
        int s = spec.stride();
        int testStart = spec.testStart(n);
        int byFraction = testStart - (int) Math.round(validFraction * testStart);
        // at least MIN_VALIDATION_ORIGINS validation origins (auto's choice and the intervals are made on them), as far
        // as that leaves at least as many training windows as validation ones
        int validStart = Math.min(byFraction, Math.max(testStart - h - (MIN_VALIDATION_ORIGINS - 1) * s,
                (testStart + l + 1) / 2));
        List<Integer> train = origins(l, validStart - h, s);
        List<Integer> valid = origins(Math.max(validStart, l), testStart - h, s);
        List<Integer> test = origins(testStart, n - h, s);
        // the smallest series: input + horizon training steps, horizon validation steps, then the test part
        int needed = (int) Math.ceil((l + 2 * h) / (1 - validFraction)) + h + (spec.origins() - 1) * s;
        if (train.isEmpty() || valid.isEmpty() || testStart < l) {
            throw new UserException(String.format(java.util.Locale.ROOT, "data.train: %s has %d steps, too few for "
                            + "windows of inputLength %d + horizon %d with a validation part (%s) and %d test origin(s); "
                            + "it needs about %d", table.file(), n, l, h, spec.valid(), spec.origins(), needed));
        }
        if (testStart < season + 1) {
            throw new UserException("data.season: " + season + " steps is longer than the " + testStart
                    + " steps before the test part; seasonal naive and MASE need more than one season of history");
        }
        return new Split(validStart, testStart, train, valid, test);
    }

    /**
     * The seasonal period: {@code data.season}, or, when that is 0, what the time steps say (12 for monthly dates
     * ...; {@link TimeTable#seasonFromFrequency}), or, when they say nothing (numbers, years), the period the first
     * target's autocorrelation shows ({@link Seasonal#period}) in the steps before the test part.
     */
    public static int season(TimeTable table, ForecastDataSpec spec) {
        if (spec.season() > 0) {
            return spec.season();
        }
        int fromTimes = table.seasonFromFrequency();
        int testStart = spec.testStart(table.length());
        if (fromTimes > 1 || testStart < 2) {
            return fromTimes;
        }
        int start = table.start(0); // a series that starts later: from its start
        return testStart - start < 2 ? fromTimes
                : Seasonal.period(java.util.Arrays.copyOfRange(table.column(0), start, testStart), MAX_DETECTED_SEASON);
    }

    /**
     * Whether every target of {@code table} changes with the season: the first differences of its steps before the
     * test part are seasonal with period {@code season} by {@code thetaf()}'s autocorrelation test
     * ({@link Seasonal#isSeasonal}). Differences rather than levels, as a trending or slowly wandering series (a
     * seasonally adjusted rate) is autocorrelated at every lag; {@code data.relative: season} keeps seasonal naive as
     * the network's base only for such series (on quarterly, seasonally adjusted unemployment it made the network's
     * test MASE 1.19 where the last value as base gave 1.00; on three monthly series with a season it halved it).
     */
    public static boolean changesWithSeason(TimeTable table, ForecastDataSpec spec, int season) {
        int targets = targets(table, spec);
        int testStart = spec.testStart(table.length());
        if (season < 2 || testStart < 2) {
            return false;
        }
        for (int c = 0; c < targets; c++) {
            double[] y = table.column(c);
            int start = table.start(c);
            if (testStart - start < 2) {
                return false;
            }
            double[] d = new double[testStart - start - 1];
            for (int i = start + 1; i < testStart; i++) {
                d[i - start - 1] = y[i] - y[i - 1];
            }
            if (!Seasonal.isSeasonal(d, season)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many of the table's columns are targets: those named, else every column but the covariates; of a long
     * file's or a directory's, every series.
     */
    private static int targets(TimeTable table, ForecastDataSpec spec) {
        boolean many = spec.longFile() || java.nio.file.Files.isDirectory(Path.of(spec.train()));
        return many || spec.targets().isEmpty() ? table.columns().size() - spec.covariates().size()
                : spec.targets().size();
    }

    /** The longest period {@link #season} looks for in a series whose times do not give it. */
    static final int MAX_DETECTED_SEASON = 60;

    /**
     * {@code data.inputLength: auto} for a series of {@code n} steps: three seasons, twice the horizon or 10 steps,
     * whichever is longest, but at most half the steps the training windows' origins can span (so there are at least
     * as many windows as steps in one); at least 1.
     */
    public static int inputLength(int n, ForecastDataSpec spec, int season) {
        int h = spec.horizon();
        int testStart = spec.testStart(n);
        int validStart = testStart - (int) Math.round(Double.parseDouble(spec.valid()) * testStart);
        int desired = Math.max(season > 1 ? 3 * season : 0, Math.max(2 * h, 10));
        return Math.max(1, Math.min(desired, (validStart - h) / 2));
    }

    /** The fewest validation origins {@link #split} extends the validation part to, where the series has room. */
    public static final int MIN_VALIDATION_ORIGINS = 12;

    /** How many validation origins {@link #historySplit} keeps where the series is long enough. */
    public static final int VALIDATION_ORIGINS = 24;

    /** The fewest values ETS and Theta are fitted to. */
    public static final int MIN_HISTORY = 4;

    /**
     * The split for a forecaster fitted to each origin's history (ETS, Theta): no training windows; the test origins
     * as {@link #split} has them, and validation origins (possibly none) whose horizon ends before the test part,
     * from the last {@code valid} fraction of the steps before it or the last {@link #VALIDATION_ORIGINS} origins,
     * whichever reaches further back, each with at least {@link #MIN_HISTORY} values and more than a season before
     * it. A series too short for that before its first
     * test origin is an error saying how long it must be.
     */
    public static Split historySplit(TimeTable table, ForecastDataSpec spec, double validFraction, int season) {
        int n = table.length();
        int h = spec.horizon();
        int s = spec.stride();
        int testStart = spec.testStart(n);
        int history = Math.max(MIN_HISTORY, season + 1);
        int first = latestStart(table.values(), targets(table, spec)); // every series needs the history
        if (testStart - first < history) {
            throw new UserException(String.format(java.util.Locale.ROOT, "data.train: %s has %d steps, too few to "
                    + "forecast at all: horizon %d and %d test origin(s) with %d steps of history before them (season %d) "
                    + "need at least %d", table.file(), n, h, spec.origins(), history, season,
                    first + history + h + (spec.origins() - 1) * s));
        }
        // as many validation origins as auto compares on where the history allows: refitting needs no training part
        int validStart = Math.max(first + history, testStart - Math.max(h + (VALIDATION_ORIGINS - 1) * s,
                (int) Math.round(validFraction * testStart)));
        return new Split(validStart, testStart, List.of(), origins(validStart, testStart - h, s),
                origins(testStart, n - h, s));
    }

    private static List<Integer> origins(int from, int to, int stride) {
        List<Integer> out = new ArrayList<>();
        for (int o = to; o >= from; o -= stride) {
            out.add(0, o); // aligned to the end, so the latest window is always there
        }
        return out;
    }

    /**
     * Model inputs for windows at {@code origins}: {@code [n, F, L]}, every column scaled. With {@code base} 1 each
     * target column is also minus its (scaled) value at the window's last step, so the model sees the shape of the
     * recent past rather than its level, and a trend that leaves the training range stays in the model's range; with
     * a season as {@code base}, each target step is minus the step a season before it (seasonal differences, 0 where
     * the series has no step that far back), the same changes the outputs are ({@link #base}). A series that starts
     * later than the table is padded before its start with its first value (with a season as base, with 0s): a window
     * that reaches back before it reads a flat past.
     */
    public static float[][][] features(double[][] values, Scaler scaler, List<Integer> origins, int inputLength,
                                       int targets, int base) {
        int f = values[0].length;
        int[] first = starts(values, targets);
        float[][][] out = new float[origins.size()][f][inputLength];
        for (int i = 0; i < origins.size(); i++) {
            int start = origins.get(i) - inputLength;
            for (int c = 0; c < f; c++) {
                int from = c < targets ? first[c] : 0;
                double level = base == 1 && c < targets ? scaler.scale(values[origins.get(i) - 1][c], c) : 0;
                for (int t = 0; t < inputLength; t++) {
                    int at = start + t;
                    out[i][c][t] = base > 1 && c < targets
                            ? at - base < from ? 0f
                            : (float) (scaler.scale(values[at][c], c) - scaler.scale(values[at - base][c], c))
                            : (float) (scaler.scale(values[Math.max(at, from)][c], c) - level);
                }
            }
        }
        return out;
    }

    /**
     * What the model's output at step {@code k} of the window at {@code origin} is relative to, scaled: nothing
     * ({@code base} 0), the value before the origin ({@code base} 1), or the value one season of {@code base} steps
     * before the step (the seasonal naive forecast: the model forecasts what seasonal naive misses).
     */
    static double base(double[][] values, Scaler scaler, int origin, int c, int k, int base) {
        return base == 0 ? 0 : scaler.scale(values[origin - base + k % base][c], c);
    }

    /**
     * Targets for windows at {@code origins}: {@code [n, targets * H]}, target-major (index {@code target * H + step}),
     * scaled, and minus their {@link #base}.
     */
    public static float[][] labels(double[][] values, Scaler scaler, List<Integer> origins, int targets, int horizon,
                                   int base) {
        float[][] out = new float[origins.size()][targets * horizon];
        for (int i = 0; i < origins.size(); i++) {
            for (int c = 0; c < targets; c++) {
                for (int k = 0; k < horizon; k++) {
                    out[i][c * horizon + k] = (float) (scaler.scale(values[origins.get(i) + k][c], c)
                            - base(values, scaler, origins.get(i), c, k, base));
                }
            }
        }
        return out;
    }

    /** The forecast in original units from the model's output for one window (the inverse of {@link #labels}). */
    public static double[][] forecast(double[] output, double[][] values, Scaler scaler, int origin, int targets,
                                      int horizon, int base) {
        double[][] f = new double[targets][horizon];
        for (int c = 0; c < targets; c++) {
            for (int k = 0; k < horizon; k++) {
                f[c][k] = scaler.unscale(output[c * horizon + k] + base(values, scaler, origin, c, k, base), c);
            }
        }
        return f;
    }

    /**
     * The decoder's input under teacher forcing, {@code [n, targets, H]}: at forecast step {@code k} the scaled
     * target one step earlier (with a {@code base}, which is then 1: minus the window's last value, so step 0 reads 0).
     */
    public static float[][][] previous(double[][] values, Scaler scaler, List<Integer> origins, int targets, int horizon,
                                       int base) {
        float[][][] out = new float[origins.size()][targets][horizon];
        for (int i = 0; i < origins.size(); i++) {
            int o = origins.get(i);
            for (int c = 0; c < targets; c++) {
                double level = base > 0 ? scaler.scale(values[o - 1][c], c) : 0;
                for (int k = 0; k < horizon; k++) {
                    out[i][c][k] = (float) (scaler.scale(values[o - 1 + k][c], c) - level);
                }
            }
        }
        return out;
    }
}
