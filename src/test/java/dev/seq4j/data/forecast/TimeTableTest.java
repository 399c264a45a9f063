package dev.seq4j.data.forecast;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time series CSVs read from hand-made files: times, columns, gaps, and each kind of bad input. */
class TimeTableTest {
    @TempDir
    Path dir;

    TimeTable read(String text, String missing, String... columns) throws Exception {
        Path f = Files.writeString(dir.resolve("s.csv"), text);
        return TimeTable.read("data.train", f, "t", List.of(columns), missing);
    }

    String error(String text, String missing) {
        return assertThrows(UserException.class, () -> read(text, missing)).getMessage();
    }

    @Test
    void readsNumericTimesAndChosenColumns() throws Exception {
        TimeTable t = read("t,a,b\n1700,5,1\n1701,11,2\n1702,16,3\n", "error", "b", "a");
        assertEquals(List.of("b", "a"), t.columns());
        assertArrayEquals(new double[]{1, 2, 3}, t.column(0));
        assertArrayEquals(new double[]{5, 11, 16}, t.column(1));
        assertEquals(1, t.seasonFromFrequency());
        assertEquals(List.of("a", "b"), read("t,a,b\n1,1,1\n", "error").columns());
    }

    @Test
    void datesGiveTheSeasonalPeriod() throws Exception {
        assertEquals(12, read("t,v\n2020-01,1\n2020-02,2\n2020-03,3\n2020-04,4\n", "error").seasonFromFrequency());
        assertEquals(52, read("t,v\n1958-03-29,1\n1958-04-05,2\n1958-04-12,3\n", "error").seasonFromFrequency());
        assertEquals(4, read("t,v\n2020-01-01,1\n2020-04-01,2\n2020-07-01,3\n2020-10-01,3\n", "error").seasonFromFrequency());
        assertEquals(7, read("t,v\n2020-01-01 00:00:00,1\n2020-01-02 00:00:00,2\n", "error").seasonFromFrequency());
    }

    @Test
    void theStepsAfterTheLastGoByItsStep() throws Exception {
        assertEquals(List.of("2020-05", "2020-06"), read("t,v\n2020-03,1\n2020-04,2\n", "error").next(2));
        // quarters named by their first month, as ISO months or dates, and yearly dates: by the last step's months
        assertEquals(List.of("2009-10", "2010-01", "2010-04"),
                read("t,v\n2009-01,1\n2009-04,2\n2009-07,3\n", "error").next(3));
        assertEquals(List.of("2021-01-01", "2021-04-01"),
                read("t,v\n2020-04-01,1\n2020-07-01,2\n2020-10-01,3\n", "error").next(2));
        assertEquals(List.of("2003-06-30", "2004-06-30"), read("t,v\n2001-06-30,1\n2002-06-30,2\n", "error").next(2));
        // weekly and daily dates by their days
        assertEquals(List.of("1958-04-19"), read("t,v\n1958-03-29,1\n1958-04-05,2\n1958-04-12,3\n", "error").next(1));
        assertEquals(List.of("2020-02-02"), read("t,v\n2020-01-31,1\n2020-02-01,2\n", "error").next(1));
        assertEquals(List.of("1703", "1704"), read("t,v\n1701,1\n1702,2\n", "error").next(2));
    }

    @Test
    void gapsAreAnErrorOrFilledByPolicy() throws Exception {
        String gappy = "t,v\n1,1\n2,\n3,NA\n4,7\n";
        assertTrue(error(gappy, "error").contains("s.csv line 3, column 'v': missing value"));
        TimeTable linear = read(gappy, "interpolate");
        assertArrayEquals(new double[]{1, 3, 5, 7}, linear.column(0), 1e-12);
        assertArrayEquals(new int[]{2}, linear.filled());
        assertArrayEquals(new double[]{1, 1, 1, 7}, read(gappy, "previous").column(0), 1e-12);
        // interpolation weighs by time, not by row
        assertArrayEquals(new double[]{0, 1, 4}, read("t,v\n0,0\n1,\n4,4\n", "interpolate").column(0), 1e-12);
        assertTrue(error("t,v\n1,\n2,3\n", "previous").contains("line 2, column 'v': missing value before the first"));
        assertTrue(error("t,v\n1,1\n2,\n", "interpolate").contains("line 3, column 'v': missing values at the end"));
    }

    @Test
    void unsortedRepeatedOrMixedTimesAreErrors() {
        assertTrue(error("t,v\n1,1\n3,2\n2,3\n", "error").contains("line 4: time '2' comes before line 3's '3'"));
        assertTrue(error("t,v\n1,1\n1,2\n", "error").contains("line 3: time '1' repeats line 2's '1'"));
        assertTrue(error("t,v\n2020-01,1\n2021,2\n", "error").contains("line 3: time '2021' is a number but line 2's is a date"));
        assertTrue(error("t,v\nyesterday,1\n", "error").contains("neither a number nor an ISO date"));
    }

    @Test
    void badCellsAndColumnsNameTheirPlace() {
        assertTrue(error("t,v\n1,1\n2,high\n", "error").contains("s.csv line 3, column 'v': 'high' is not a number"));
        assertTrue(error("t,v\n1,1\n2\n", "error").contains("line 3: 1 fields, the header has 2"));
        assertTrue(assertThrows(UserException.class, () -> read("t,v\n1,1\n", "error", "w")).getMessage()
                .contains("no column 'w'"));
        assertTrue(assertThrows(UserException.class, () -> TimeTable.read("data.train",
                Files.writeString(dir.resolve("x.csv"), "date,v\n1,1\n"), "t", List.of(), "error")).getMessage()
                .contains("no column 't' (data.timeColumn)"));
        assertTrue(error("t,v\n", "error").contains("header but no rows"));
    }

    TimeTable readLong(String text, String value, String missing, boolean late) throws Exception {
        Path f = Files.writeString(dir.resolve("long.csv"), text);
        return TimeTable.readLong("data.train", f, "", "id", value, missing,
                dev.seq4j.data.InputFiles.Limit.DATA, late);
    }

    String longError(String text, String value, String missing, boolean late) {
        return assertThrows(UserException.class, () -> readLong(text, value, missing, late)).getMessage();
    }

    @Test
    void aLongFileIsAColumnPerSeriesOnTheUnionOfTheirTimes() throws Exception {
        // interleaved rows; b starts a step later and has no row at 2020-03; the time column is the first but the id
        TimeTable t = readLong("id,month,sales\na,2020-01,1\nb,2020-02,20\na,2020-02,2\na,2020-03,3\n"
                + "b,2020-04,40\na,2020-04,4\n", "", "interpolate", true);
        assertEquals(List.of("a", "b"), t.columns());
        assertEquals("month", t.timeColumn());
        assertEquals(List.of("2020-01", "2020-02", "2020-03", "2020-04"), t.times());
        assertArrayEquals(new double[]{1, 2, 3, 4}, t.column(0));
        assertTrue(Double.isNaN(t.values()[0][1]));
        assertEquals(List.of(0, 1), List.of(t.start(0), t.start(1)));
        assertEquals(20 + 20 * 29.0 / 60, t.values()[2][1], 1e-9); // where b has no row: linearly in time
        assertEquals(1, t.filled()[1]);
        assertEquals(12, t.seasonFromFrequency());
        // the value column named, among several
        assertArrayEquals(new double[]{5, 6}, readLong("t,id,x,y\n1,a,0,5\n2,a,0,6\n", "y", "error", false)
                .column(0));
    }

    @Test
    void aLongFilesBadRowsAreOneLineErrors() {
        assertTrue(longError("t,x\n1,2\n", "", "error", true).contains("no column 'id' (data.idColumn)"));
        assertTrue(longError("t,id,x,y\n1,a,0,5\n", "", "error", true)
                .contains("has 2 value columns [x, y] besides 'id' and 't'; name the one to forecast in data.targets"));
        assertTrue(longError("t,id,x\n1,a,0\n", "y", "error", true).contains("no value column 'y' (data.targets)"));
        assertTrue(longError("t,id,x\n1,a,0\n2,b,1\n2,a,1\n1,a,2\n", "", "error", true)
                .contains("line 5: series 'a' time '1' comes before its line 4's; each series' rows must be in "
                        + "increasing time order"));
        assertTrue(longError("t,id,x\n1,a,0\n1,a,1\n", "", "error", true).contains("line 3: series 'a' time '1' "
                + "repeats its line 2's"));
        assertTrue(longError("t,id,x\n1, ,0\n", "", "error", true).contains("line 2: no series id in column 'id'"));
        // a series that ends before the others: a missing value at the file's later times
        assertTrue(longError("t,id,x\n1,a,0\n1,b,0\n2,a,1\n", "", "error", true)
                .contains("time 2, series 'b': missing value (data.missing: error"));
        // a late start without a global model says what takes one
        assertTrue(longError("t,id,x\n1,a,0\n2,a,1\n2,b,0\n", "", "error", false)
                .contains("time 1, series 'b': missing value (data.missing: error; use interpolate or previous to fill "
                        + "gaps; a series that starts later than the others needs model.global: true)"));
    }

    @Test
    void aDirectoryIsAColumnPerFile() throws Exception {
        Path d = Files.createDirectories(dir.resolve("series"));
        Files.writeString(d.resolve("b.csv"), "t,sales\n2,20\n3,30\n");
        Files.writeString(d.resolve("a.csv"), "t,a\n1,1\n2,2\n3,3\n");
        Files.writeString(d.resolve("notes.txt"), "not a series");
        TimeTable t = TimeTable.readDirectory("data.train", d, "", "", "error",
                dev.seq4j.data.InputFiles.Limit.DATA, true);
        assertEquals(List.of("a", "b"), t.columns());
        assertEquals(List.of("1", "2", "3"), t.times());
        assertTrue(Double.isNaN(t.values()[0][1]));
        assertArrayEquals(new double[]{20, 30}, dev.seq4j.eval.Backtest.column(t.values(), 1, 0, 3), 1e-12);
        // a late start without a global model, a file of two value columns, times that go back: named
        assertTrue(assertThrows(UserException.class, () -> TimeTable.readDirectory("data.train", d, "", "", "error",
                dev.seq4j.data.InputFiles.Limit.DATA, false)).getMessage().contains("time 1, series 'b': missing "
                + "value"));
        Files.writeString(d.resolve("c.csv"), "t,x,y\n1,1,1\n");
        assertTrue(assertThrows(UserException.class, () -> TimeTable.readDirectory("data.train", d, "", "", "error",
                dev.seq4j.data.InputFiles.Limit.DATA, true)).getMessage().contains("c.csv has 2 value columns [x, y]; "
                + "a series' file has one, or data.targets names it"));
        Files.writeString(d.resolve("c.csv"), "t,x\n2,1\n1,1\n");
        assertTrue(assertThrows(UserException.class, () -> TimeTable.readDirectory("data.train", d, "", "", "error",
                dev.seq4j.data.InputFiles.Limit.DATA, true)).getMessage().contains("c.csv line 3: series 'c' time "
                + "'1' comes before its line 2's"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(UserException.class, () -> TimeTable.readDirectory("data.train", empty, "", "",
                "error", dev.seq4j.data.InputFiles.Limit.DATA, true)).getMessage().contains("has no .csv file"));
    }
}
