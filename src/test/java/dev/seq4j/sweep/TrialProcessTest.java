package dev.seq4j.sweep;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a trial's JVM is started. */
class TrialProcessTest {
    @Test
    void aPercentageHeapIsSharedBetweenParallelTrialsAndAbsoluteSizesPassUnchanged() {
        assertEquals("-XX:MaxRAMPercentage=15.0", TrialProcess.memoryShare("-XX:MaxRAMPercentage=30", 2));
        assertEquals("-XX:MaxRAMPercentage=30", TrialProcess.memoryShare("-XX:MaxRAMPercentage=30", 1));
        assertEquals("-Xmx4g", TrialProcess.memoryShare("-Xmx4g", 4));
    }

    @Test
    void aTrialIsATrainRunWithTheSweptValuesSetAsJson() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("model.layers", "[64,64]");
        values.put("train.lrSchedule", "\"step\"");
        assertEquals(List.of("train", "base.yaml", "--out", "trials/003", "--exit-with-parent", "--prune-file",
                        "pruning.json", "--set", "model.layers=[64,64]", "--set", "train.lrSchedule=\"step\""),
                TrialProcess.arguments(Path.of("base.yaml"), Path.of("trials/003"), Path.of("pruning.json"), values));
    }
}
