package dev.seq4j.data.synthetic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The six control-chart patterns, checked by what defines each, and the two file layouts. */
class SyntheticControlTest {
    @TempDir
    Path dir;

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    @Test
    void eachClassHasItsDefiningShapeAndTheSeedRepeatsIt() {
        List<SyntheticControl.Series> all = SyntheticControl.generate(30, 60, 7);
        assertEquals(180, all.size());
        for (SyntheticControl.Series s : all) {
            double[] v = s.values();
            assertEquals(60, v.length);
            double first = mean(v, 0, 15);
            double last = mean(v, 45, 60);
            switch (s.label()) {
                case "normal", "cyclic" -> assertTrue(Math.abs(last - first) < 8, s.label() + " " + first + " " + last);
                case "increasing" -> assertTrue(last - first > 5, "increasing " + first + " -> " + last);
                case "decreasing" -> assertTrue(first - last > 5, "decreasing " + first + " -> " + last);
                case "upward" -> assertTrue(last - first > 5, "upward " + first + " -> " + last);
                case "downward" -> assertTrue(first - last > 5, "downward " + first + " -> " + last);
                default -> throw new AssertionError(s.label());
            }
            for (double x : v) {
                assertTrue(x > -20 && x < 80, s.label() + " value " + x);
            }
        }
        assertArrayEquals(all.get(5).values(), SyntheticControl.generate(30, 60, 7).get(5).values());
    }

    @Test
    void bothLayoutsHoldTheSameSeries() throws Exception {
        List<SyntheticControl.Series> series = SyntheticControl.generate(1, 4, 3);
        SyntheticControl.writePerSequence(series, dir.resolve("seq"));
        SyntheticControl.writeLong(series, dir.resolve("long.csv"));
        assertEquals(4, Files.readAllLines(dir.resolve("seq/features/2.csv")).size());
        assertEquals(List.of("increasing"), Files.readAllLines(dir.resolve("seq/labels/2.csv")));
        List<String> rows = Files.readAllLines(dir.resolve("long.csv"));
        assertEquals("sequence_id,t,value,label", rows.get(0));
        assertEquals(1 + 6 * 4, rows.size());
        assertEquals(Files.readAllLines(dir.resolve("seq/features/2.csv")).get(3),
                rows.get(1 + 2 * 4 + 3).split(",")[2]);
    }
}
