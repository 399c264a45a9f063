package dev.seq4j.data.forecast;

import dev.seq4j.UserException;
import dev.seq4j.data.text.TextFiles;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.Numbers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time series from a CSV file with a header: a time column and numeric value columns, one row per time step,
 * read with DataVec's {@link CSVRecordReader}. Strict, because a forecast is only as good as its timeline:
 * <ul>
 * <li>times are numbers (years such as {@code 1749}, decimal dates such as {@code 1958.2}) or ISO dates
 * ({@code 2020-03-01}, {@code 2020-03}, {@code 2020-03-01T12:00}, {@code 2020-03-01 12:00:00}), one kind per file;
 * they must increase strictly: an unsorted or repeated time is an error naming both lines;</li>
 * <li>a cell that is not a number, not finite or beyond float32's range ({@link Numbers}) is an error naming file,
 * line and column;</li>
 * <li>missing values (an empty cell, {@code NA}, {@code NaN}, {@code null}) follow the {@code missing} policy:
 * {@code error} (the default: name the first), {@code interpolate} (linearly in time between the nearest known
 * values; a gap at the start or end is an error, since nothing bounds it) or {@code previous} (carry the last known
 * value forward; a gap at the start is an error). How many were filled is reported.</li>
 * </ul>
 *
 * @param file    the file, as given
 * @param columns the value columns, in the order asked for
 * @param times   the time column as written
 * @param time    the times as numbers (a number as is; a date as seconds since 1970), strictly increasing
 * @param values  {@code [T][columns]}
 * @param filled  how many missing values were filled, per column
 * @param timeColumn the time column's name in the file (empty for a table made from values in memory)
 */
public record TimeTable(String file, List<String> columns, List<String> times, double[] time, double[][] values,
                        int[] filled, String timeColumn) {
    public static final List<String> MISSING = List.of("error", "interpolate", "previous");

    /** The table's first {@code steps} steps: the history a forecast from step {@code steps} sees. */
    public TimeTable head(int steps) {
        return new TimeTable(file, columns, times.subList(0, steps), java.util.Arrays.copyOf(time, steps),
                java.util.Arrays.copyOf(values, steps), filled, timeColumn);
    }

    public int length() {
        return time.length;
    }

    /** Column {@code c} as a series. */
    public double[] column(int c) {
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = values[t][c];
        }
        return out;
    }

    /** The time column's name where {@code data.timeColumn} is not set and the header has it. */
    public static final String DEFAULT_TIME = "t";

    /** {@link #read(String, Path, String, List, String, InputFiles.Limit, Starts)} with the default limit. */
    public static TimeTable read(String key, Path file, String timeColumn, List<String> wanted, String missing) {
        return read(key, file, timeColumn, wanted, missing, InputFiles.Limit.DATA, Starts.NONE);
    }

    /**
     * Which columns may begin with missing values, as series that start later than the table: the first
     * {@code targets} (the forecast ones), when {@code late} (a global model, which learns from each series where it
     * has values). Without {@code late}, a target's missing first values are an error that says so.
     *
     * @param targets how many of the first columns are forecast ({@link Integer#MAX_VALUE}: all)
     * @param late    whether they may start late
     */
    public record Starts(int targets, boolean late) {
        public static final Starts NONE = new Starts(0, false);

        boolean late(int column) {
            return late && column < targets;
        }
    }

    /**
     * The first step with a value in column {@code c}: 0, or, for a series that starts later ({@link Starts}), the
     * step after its leading missing values (which stay NaN).
     */
    public int start(int c) {
        return start(values, c);
    }

    /** {@link #start(int)} of column {@code c} of {@code values} {@code [T][columns]}. */
    public static int start(double[][] values, int c) {
        int t = 0;
        while (t < values.length - 1 && Double.isNaN(values[t][c])) {
            t++;
        }
        return t;
    }

    /**
     * @param key        the config key the file came from, for messages
     * @param timeColumn the header name of the time column; empty for {@value #DEFAULT_TIME}, or the first column
     *                   when the header has none of that name
     * @param wanted     the value columns; empty for every column but the time column
     * @param missing    {@code error}, {@code interpolate} or {@code previous}
     * @param limit      the most bytes the file may have
     * @param starts     which columns may start late
     */
    public static TimeTable read(String key, Path file, String configuredTime, List<String> wanted, String missing,
                                 InputFiles.Limit limit, Starts starts) {
        List<List<String>> rows = rows(key, file, limit);
        List<String> header = rows.get(0).stream().map(String::strip).toList();
        // data.timeColumn unset: t, or else the first column
        String timeColumn = !configuredTime.isEmpty() ? configuredTime
                : header.contains(DEFAULT_TIME) ? DEFAULT_TIME : header.get(0);
        int timeIndex = header.indexOf(timeColumn);
        if (timeIndex < 0) {
            throw new UserException(key + ": " + file + " has no column '" + timeColumn + "' (data.timeColumn); its "
                    + "header is " + header);
        }
        List<String> columns = wanted.isEmpty()
                ? header.stream().filter(h -> !h.equals(timeColumn)).toList() : List.copyOf(wanted);
        if (columns.isEmpty()) {
            throw new UserException(key + ": " + file + " has no value column besides '" + timeColumn + "'");
        }
        int[] index = new int[columns.size()];
        for (int c = 0; c < index.length; c++) {
            index[c] = header.indexOf(columns.get(c));
            if (index[c] < 0) {
                throw new UserException(key + ": " + file + " has no column '" + columns.get(c) + "'; its header is "
                        + header);
            }
        }
        int n = rows.size() - 1;
        if (n < 1) {
            throw new UserException(key + ": " + file + " has a header but no rows");
        }
        List<String> times = new ArrayList<>(n);
        double[] time = new double[n];
        double[][] values = new double[n][index.length];
        String kind = null;
        for (int r = 0; r < n; r++) {
            List<String> row = rows.get(r + 1);
            int line = r + 2;
            String where = key + ": " + file + " line " + line;
            if (row.size() != header.size()) {
                throw new UserException(where + ": " + row.size() + " fields, the header has " + header.size());
            }
            String t = row.get(timeIndex).strip();
            kind = kind(t, kind, where, "line 2's");
            times.add(t);
            time[r] = value(t, kind);
            if (r > 0 && time[r] <= time[r - 1]) {
                throw new UserException(where + ": time '" + t + "' " + (time[r] == time[r - 1] ? "repeats" : "comes before")
                        + " line " + (line - 1) + "'s '" + times.get(r - 1) + "'; rows must be in increasing time order, "
                        + "one per time");
            }
            for (int c = 0; c < index.length; c++) {
                String cell = row.get(index[c]).strip();
                if (isMissing(cell)) {
                    values[r][c] = Double.NaN;
                    continue;
                }
                // finite and within float32's range, as the network will compute with it (Numbers)
                values[r][c] = Numbers.parse(cell, where + ", column '" + columns.get(c) + "'");
            }
        }
        int[] filled = new int[index.length];
        for (int c = 0; c < index.length; c++) {
            filled[c] = fill(values, time, c, missing, t -> key + ": " + file + " line " + (t + 2),
                    "column '" + columns.get(c) + "'", starts);
        }
        return new TimeTable(file.toString(), columns, List.copyOf(times), time, values, filled, timeColumn);
    }

    /** The CSV file's rows, the header first; a file that cannot be read as one is a one-line error. */
    private static List<List<String>> rows(String key, Path file, InputFiles.Limit limit) {
        List<List<String>> rows = new ArrayList<>();
        try (CSVRecordReader reader = new CSVRecordReader(0, ',')) {
            // missing, special, too large, empty, binary or non-UTF-8: one clear line; a byte-order mark is dropped
            reader.initialize(TextFiles.csvSplit(key, file, limit));
            int line = 0;
            while (reader.hasNext()) {
                rows.add(TextFiles.csvRow(key, file, ++line, reader));
            }
        } catch (IOException | InterruptedException e) {
            throw new UserException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        return rows;
    }

    /**
     * The time and value columns of a long file ({@link #readLong}, its id in {@code idColumn}) or of a directory's
     * series file ({@link #readDirectory}, {@code idColumn} empty): {@code configuredTime}, else
     * {@value #DEFAULT_TIME}, else the first column that is not the id; {@code valueColumn}, else the one column left.
     */
    static String[] seriesColumns(String key, Path file, List<String> header, String configuredTime, String idColumn,
                                  String valueColumn) {
        boolean id = !idColumn.isEmpty();
        if (id && !header.contains(idColumn)) {
            throw new UserException(key + ": " + file + " has no column '" + idColumn + "' (data.idColumn); its header is "
                    + header);
        }
        String timeColumn = !configuredTime.isEmpty() ? configuredTime : header.contains(DEFAULT_TIME) ? DEFAULT_TIME
                : header.stream().filter(h -> !h.equals(idColumn)).findFirst().orElse("");
        if (!header.contains(timeColumn) || timeColumn.equals(idColumn)) {
            throw new UserException(key + ": " + file + " has no time column '" + timeColumn + "' (data.timeColumn)"
                    + (id ? " besides its id column '" + idColumn + "'" : "") + "; its header is " + header);
        }
        List<String> rest = header.stream().filter(h -> !h.equals(idColumn) && !h.equals(timeColumn)).toList();
        String value = !valueColumn.isEmpty() ? valueColumn : rest.size() == 1 ? rest.get(0) : null;
        if (value == null) {
            throw new UserException(key + ": " + file + " has " + rest.size() + " value columns " + rest + (id
                    ? " besides '" + idColumn + "' and '" + timeColumn + "'; name the one to forecast in data.targets"
                    : "; a series' file has one, or data.targets names it") + "; its header is " + header);
        }
        if (!rest.contains(value)) {
            throw new UserException(key + ": " + file + " has no value column '" + value + "' (data.targets); its "
                    + "header is " + header);
        }
        return new String[]{timeColumn, value};
    }

    /** The value column {@link #readLong} reads from a long file (its header only is checked here). */
    public static String longValueColumn(String key, Path file, String configuredTime, String idColumn,
                                         InputFiles.Limit limit) {
        List<String> header = rows(key, file, limit).get(0).stream().map(String::strip).toList();
        return seriesColumns(key, file, header, configuredTime, idColumn, "")[1];
    }

    /**
     * A long file, one row per series and time (as statsforecast's {@code unique_id, ds, y}): the wide table of one
     * column per series, named by its id, in the order the ids first appear, on the union of every series' times.
     * Each series' rows must be in increasing time order (the file may interleave series); a time where a series has
     * no row, or an empty value, is a missing value of that series, filled or refused by {@code missing}, and before a
     * series' first row, with {@code lateStarts}, the series has not started. Times are one kind, as in {@link #read}.
     *
     * @param idColumn    the column naming each row's series
     * @param valueColumn the column of values; empty for the one column besides the id and the time
     */
    public static TimeTable readLong(String key, Path file, String configuredTime, String idColumn, String valueColumn,
                                     String missing, InputFiles.Limit limit, boolean lateStarts) {
        List<List<String>> rows = rows(key, file, limit);
        List<String> header = rows.get(0).stream().map(String::strip).toList();
        String[] named = seriesColumns(key, file, header, configuredTime, idColumn, valueColumn);
        String timeColumn = named[0];
        String value = named[1];
        int idIndex = header.indexOf(idColumn);
        int timeIndex = header.indexOf(timeColumn);
        int valueIndex = header.indexOf(value);
        Pivot pivot = new Pivot();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String where = key + ": " + file + " line " + (r + 1);
            if (row.size() != header.size()) {
                throw new UserException(where + ": " + row.size() + " fields, the header has " + header.size());
            }
            String id = row.get(idIndex).strip();
            if (id.isEmpty()) {
                throw new UserException(where + ": no series id in column '" + idColumn + "'");
            }
            pivot.add(id, row.get(timeIndex).strip(), row.get(valueIndex).strip(), where, r + 1, value, "line 2's");
        }
        if (pivot.cells.isEmpty()) {
            throw new UserException(key + ": " + file + " has a header but no rows");
        }
        return pivot.table(key, file, timeColumn, missing, lateStarts);
    }

    /**
     * A directory of CSV files, one series each (its {@code .csv} files in name order, each named by its file name
     * without {@code .csv}): a time column ({@code configuredTime}, else {@value #DEFAULT_TIME}, else the first
     * column) and a value column ({@code valueColumn}, else the one other column), read into the wide table of one
     * column per series as {@link #readLong} reads a long file. Files are listed as {@link InputFiles#list} walks a
     * data directory (no links out of it, no pipes or devices), each within {@code limit}.
     */
    public static TimeTable readDirectory(String key, Path dir, String configuredTime, String valueColumn,
                                          String missing, InputFiles.Limit limit, boolean lateStarts) {
        List<Path> files = InputFiles.list(key, dir, false, f -> f.getFileName().toString().endsWith(".csv"));
        if (files.isEmpty()) {
            throw new UserException(key + ": " + dir + " has no .csv file (a directory of series has one per series)");
        }
        Pivot pivot = new Pivot();
        String timeColumn = null;
        String first = null;
        for (Path file : files) {
            String id = file.getFileName().toString().replaceFirst("\\.csv$", "");
            List<List<String>> rows = rows(key, file, limit);
            List<String> header = rows.get(0).stream().map(String::strip).toList();
            String[] named = seriesColumns(key, file, header, configuredTime, "", valueColumn);
            String time = named[0];
            String value = named[1];
            if (rows.size() < 2) {
                throw new UserException(key + ": " + file + " has a header but no rows");
            }
            timeColumn = timeColumn == null ? time : timeColumn;
            first = first == null ? file.getFileName() + " line 2's" : first;
            int timeIndex = header.indexOf(time);
            int valueIndex = header.indexOf(value);
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                String where = key + ": " + file + " line " + (r + 1);
                if (row.size() != header.size()) {
                    throw new UserException(where + ": " + row.size() + " fields, the header has " + header.size());
                }
                pivot.add(id, row.get(timeIndex).strip(), row.get(valueIndex).strip(), where, r + 1, value, first);
            }
        }
        return pivot.table(key, dir, timeColumn, missing, lateStarts);
    }

    /**
     * Rows of many series, one value at one time each, gathered into the wide table of one column per series
     * ({@link #readLong}, {@link #readDirectory}): series in the order they first appear, on the union of their
     * times.
     */
    private static final class Pivot {
        private final java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        private final java.util.Map<String, Integer> lastLine = new java.util.HashMap<>();
        private final java.util.Map<String, Double> lastTime = new java.util.HashMap<>();
        private final java.util.TreeMap<Double, String> union = new java.util.TreeMap<>();
        private final List<Object[]> cells = new ArrayList<>(); // id, time, value per row
        private String kind;

        /**
         * Series {@code id}'s {@code cell} at time {@code t}, read at {@code where} (its file's {@code line}) from
         * column {@code column}; its times must increase, and be of the kind of the first ({@code first} says where
         * that was).
         */
        void add(String id, String t, String cell, String where, int line, String column, String first) {
            kind = kind(t, kind, where, first);
            double at = value(t, kind);
            Double before = lastTime.get(id);
            if (before != null && at <= before) {
                throw new UserException(where + ": series '" + id + "' time '" + t + "' " + (at == before ? "repeats"
                        : "comes before") + " its line " + lastLine.get(id) + "'s; each series' rows must be in "
                        + "increasing time order, one per time");
            }
            lastTime.put(id, at);
            lastLine.put(id, line);
            ids.putIfAbsent(id, ids.size());
            union.putIfAbsent(at, t);
            cells.add(new Object[]{id, at, isMissing(cell) ? Double.NaN : Numbers.parse(cell, where + ", column '"
                    + column + "'")});
        }

        /** The wide table, each series' gaps filled by {@code missing} and, with {@code lateStarts}, late starts kept. */
        TimeTable table(String key, Path file, String timeColumn, String missing, boolean lateStarts) {
            int n = union.size();
            double[] time = new double[n];
            List<String> times = new ArrayList<>(n);
            java.util.Map<Double, Integer> step = new java.util.HashMap<>();
            for (var e : union.entrySet()) {
                step.put(e.getKey(), times.size());
                time[times.size()] = e.getKey();
                times.add(e.getValue());
            }
            double[][] values = new double[n][ids.size()];
            for (double[] row : values) {
                Arrays.fill(row, Double.NaN);
            }
            for (Object[] c : cells) {
                values[step.get((Double) c[1])][ids.get((String) c[0])] = (Double) c[2];
            }
            List<String> columns = List.copyOf(ids.keySet());
            int[] filled = new int[columns.size()];
            Starts starts = new Starts(Integer.MAX_VALUE, lateStarts);
            for (int c = 0; c < columns.size(); c++) {
                filled[c] = fill(values, time, c, missing, t -> key + ": " + file + " time " + times.get(t),
                        "series '" + columns.get(c) + "'", starts);
            }
            return new TimeTable(file.toString(), columns, List.copyOf(times), time, values, filled, timeColumn);
        }
    }

    /**
     * A table from values in memory (a request to a model server), checked as {@link #read} checks a file: times are
     * numbers or ISO dates of one kind, strictly increasing; values finite and within float32's range, or NaN for a
     * missing value, which {@code missing} fills or refuses. Messages name the value, e.g. {@code times[3]} or
     * {@code values.turnover[7]}, after {@code field} and a dot when it is not empty.
     *
     * @param field   what holds the values, e.g. {@code input}, or empty
     * @param times   the times, as a CSV's time column would hold them
     * @param columns the column names, in order
     * @param values  per column, a value per time (NaN: missing)
     */
    public static TimeTable of(String field, List<String> times, List<String> columns, List<double[]> values,
                               String missing, Starts starts) {
        String at = field.isEmpty() ? "" : field + ".";
        int n = times.size();
        if (n < 1) {
            throw new UserException(at + "times: no times");
        }
        double[] time = new double[n];
        double[][] rows = new double[n][columns.size()];
        String kind = null;
        for (int r = 0; r < n; r++) {
            String where = at + "times[" + r + "]";
            String t = times.get(r) == null ? "" : times.get(r).strip();
            kind = kind(t, kind, where, "times[0]");
            time[r] = value(t, kind);
            if (r > 0 && time[r] <= time[r - 1]) {
                throw new UserException(where + ": time '" + t + "' " + (time[r] == time[r - 1] ? "repeats" : "comes before")
                        + " times[" + (r - 1) + "]; times must increase, one per step");
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            double[] v = values.get(c);
            String where = at + "values." + columns.get(c);
            if (v.length != n) {
                throw new UserException(where + ": " + v.length + " values for " + n + " times");
            }
            for (int r = 0; r < n; r++) {
                if (!Double.isNaN(v[r]) && (!Double.isFinite(v[r]) || Math.abs(v[r]) > Float.MAX_VALUE)) {
                    throw new UserException(where + "[" + r + "]: " + v[r] + " is not a finite float32 value");
                }
                rows[r][c] = v[r];
            }
        }
        int[] filled = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            filled[c] = fill(rows, time, c, missing, t -> at + "values." + column + "[" + t + "]",
                    "column '" + column + "'", starts);
        }
        return new TimeTable(field.isEmpty() ? "values" : field, List.copyOf(columns), List.copyOf(times), time, rows,
                filled, "");
    }

    static boolean isMissing(String cell) {
        return cell.isEmpty() || cell.equalsIgnoreCase("na") || cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("null");
    }

    /**
     * The kind of time {@code t} is, which must be {@code kind}, that of the first time ({@code first} names it), or
     * anything where this is the first ({@code kind} null); else a {@link UserException} after {@code where}.
     */
    private static String kind(String t, String kind, String where, String first) {
        String k = kind(t);
        if (k == null) {
            throw new UserException(where + ": time '" + t + "' is neither a number nor an ISO date (2020-03-01)");
        }
        if (kind != null && !kind.equals(k)) {
            throw new UserException(where + ": time '" + t + "' is a " + k + " but " + first + " is a " + kind);
        }
        return k;
    }

    /** {@code number} or {@code date}; {@code null} if neither. */
    private static String kind(String t) {
        if (Numbers.isDecimal(t)) {
            return Double.isFinite(Double.parseDouble(t)) ? "number" : null;
        }
        return Double.isNaN(date(t)) ? null : "date";
    }

    private static double value(String t, String kind) {
        return kind.equals("number") ? Double.parseDouble(t) : date(t);
    }

    /** Seconds since 1970 of an ISO date, month or date-time; NaN if it is none of them. */
    static double date(String t) {
        try {
            if (t.length() == 7) {
                return YearMonth.parse(t).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    /**
     * Fills column {@code c}'s NaNs by the policy; returns how many. A column that {@code starts} lets start late keeps
     * its leading NaNs (not counted); elsewhere a target's missing first values are an error that says how a series
     * may start later.
     *
     * @param column what the messages call the column, e.g. {@code column 'a'} or {@code series 'a'}
     */
    private static int fill(double[][] v, double[] time, int c, String policy,
                            java.util.function.IntFunction<String> row, String column, Starts starts) {
        int count = 0;
        int lastKnown = -1;
        String late = c < starts.targets() ? "; a series that starts later than the others needs model.global: true"
                : "";
        for (int t = 0; t < v.length; t++) {
            if (!Double.isNaN(v[t][c])) {
                if (policy.equals("interpolate") && lastKnown >= 0 && t - lastKnown > 1) {
                    for (int g = lastKnown + 1; g < t; g++) {
                        double w = (time[g] - time[lastKnown]) / (time[t] - time[lastKnown]);
                        v[g][c] = v[lastKnown][c] + w * (v[t][c] - v[lastKnown][c]);
                    }
                }
                lastKnown = t;
                continue;
            }
            if (lastKnown < 0 && starts.late(c)) {
                continue; // the series starts later
            }
            count++;
            String at = row.apply(t) + ", " + column;
            switch (policy) {
                case "error" -> throw new UserException(at + ": missing value (data.missing: error; use interpolate "
                        + "or previous to fill gaps" + (lastKnown < 0 ? late : "") + ")");
                case "previous" -> {
                    if (lastKnown < 0) {
                        throw new UserException(at + ": missing value before the first known one; nothing to carry "
                                + "forward" + late);
                    }
                    v[t][c] = v[lastKnown][c];
                }
                default -> {
                    if (lastKnown < 0) {
                        throw new UserException(at + ": missing value before the first known one; nothing to "
                                + "interpolate from" + late);
                    }
                }
            }
        }
        if (lastKnown < 0) {
            throw new UserException(row.apply(0) + ", " + column + ": no values at all");
        }
        if (policy.equals("interpolate") && lastKnown < v.length - 1) {
            throw new UserException(row.apply(lastKnown + 1) + ", " + column + ": missing values at "
                    + "the end; nothing to interpolate to");
        }
        return count;
    }

    /**
     * The seasonal period the time steps suggest: 12 for monthly dates, 4 quarterly, 52 weekly, 7 daily, 24 hourly,
     * 1 for yearly or numeric times (and anything irregular).
     */
    public int seasonFromFrequency() {
        if (length() < 2 || Double.isNaN(TimeTable.date(times.get(0)))) {
            return 1;
        }
        double days = (time[time.length - 1] - time[0]) / (length() - 1) / 86400;
        if (Math.abs(days - 1.0 / 24) < 0.01) {
            return 24;
        }
        if (Math.abs(days - 1) < 0.1) {
            return 7;
        }
        if (Math.abs(days - 7) < 0.5) {
            return 52;
        }
        if (days > 27 && days < 32) {
            return 12;
        }
        if (days > 88 && days < 94) {
            return 4;
        }
        return 1;
    }

    /**
     * The times of the {@code k} steps after the last one, written as the file writes them: numbers continue with the
     * last step's size; ISO months, and dates on the same day of the month as the step before (or monthly dates), by
     * the last step's whole months (1 for monthly data, 3 for quarters named by their first month, 12 for years);
     * other dates and date-times by the last step.
     */
    public List<String> next(int k) {
        List<String> out = new ArrayList<>(k);
        String last = times.get(times.size() - 1);
        String prev = times.size() > 1 ? times.get(times.size() - 2) : last;
        if (!Double.isNaN(date(last))) {
            long months = last.length() == prev.length() && last.length() <= 10
                    ? java.time.temporal.ChronoUnit.MONTHS.between(YearMonth.parse(prev.substring(0, 7)),
                    YearMonth.parse(last.substring(0, 7))) : 0;
            boolean sameDay = last.length() == 10 && last.substring(7).equals(prev.substring(7)) && months > 0;
            boolean monthly = last.length() == 7 || (last.length() == 10 && (seasonFromFrequency() == 12 || sameDay));
            if (monthly) {
                long step = Math.max(1, months);
                YearMonth month = YearMonth.parse(last.substring(0, 7));
                for (int i = 1; i <= k; i++) {
                    YearMonth m = month.plusMonths(step * i);
                    out.add(last.length() == 7 ? m.toString() : m + last.substring(7));
                }
                return out;
            }
            LocalDateTime at = LocalDateTime.ofEpochSecond((long) time[time.length - 1], 0, ZoneOffset.UTC);
            long step = (long) (time[time.length - 1] - (times.size() > 1 ? time[time.length - 2] : time[time.length - 1] - 86400));
            for (int i = 1; i <= k; i++) {
                LocalDateTime t = at.plusSeconds(step * i);
                out.add(last.length() == 10 ? t.toLocalDate().toString() : t.toString().replace('T', last.contains("T") ? 'T' : ' '));
            }
            return out;
        }
        double step = Double.parseDouble(last) - Double.parseDouble(prev);
        if (step == 0) {
            step = 1;
        }
        boolean integers = times.stream().allMatch(t -> t.matches("-?\\d+"));
        int decimals = integers ? 0 : last.contains(".") ? last.length() - last.indexOf('.') - 1 : 0;
        for (int i = 1; i <= k; i++) {
            double t = Double.parseDouble(last) + i * step;
            out.add(integers ? Long.toString(Math.round(t)) : String.format(Locale.ROOT, "%." + decimals + "f", t));
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d steps of %s", file, length(), columns);
    }
}
