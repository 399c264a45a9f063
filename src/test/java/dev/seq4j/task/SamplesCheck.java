package dev.seq4j.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.result.Samples;
import dev.seq4j.run.RunDirectory;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads a run's {@code samples.json} and checks what holds for every task's. */
final class SamplesCheck {
    private SamplesCheck() {
    }

    /**
     * The run's samples, checked: {@code kind}, the split's size, the examples spread through it (their true outputs
     * are {@code expected}'s at {@link Samples#spread}'s indices) and each {@code correct} flag.
     */
    static Samples read(RunDirectory run, String kind, List<List<String>> expected) throws IOException {
        Samples s = read(run, kind, expected.size());
        int[] picked = Samples.spread(Samples.COUNT, expected.size());
        for (int k = 0; k < picked.length; k++) {
            assertEquals(expected.get(picked[k]), s.samples().get(k).expected(), "sample " + k);
        }
        return s;
    }

    /** The run's samples of a split of {@code size} examples whose order the test does not know. */
    static Samples read(RunDirectory run, String kind, int size) throws IOException {
        Samples s = new ObjectMapper().readValue(run.path(RunDirectory.SAMPLES).toFile(), Samples.class);
        assertEquals(kind, s.kind());
        assertEquals("valid", s.split());
        assertEquals(size, s.of());
        assertEquals(Math.min(Samples.COUNT, size), s.samples().size());
        for (Samples.Sample x : s.samples()) {
            assertEquals(x.expected().equals(x.predicted()), x.correct(), x.toString());
        }
        return s;
    }
}
