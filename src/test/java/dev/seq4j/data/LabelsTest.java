package dev.seq4j.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelsTest {
    @Test
    void numbersSortAsNumbersAndNamesAlphabetically() {
        assertEquals(List.of("1", "2", "10"), Labels.sorted(List.of("10", "2", "1", "2")));
        assertEquals(List.of("-1", "0.5", "1"), Labels.sorted(List.of("1", "0.5", "-1")));
        assertEquals(List.of("10", "2", "b"), Labels.sorted(List.of("b", "2", "10")));
        assertEquals(List.of("negative", "positive"), Labels.sorted(List.of("positive", "negative")));
    }
}
