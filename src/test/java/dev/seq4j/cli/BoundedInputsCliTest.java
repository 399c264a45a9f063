package dev.seq4j.cli;

import dev.seq4j.TinyText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs that are read, but bounded (issue 23): directory links, byte-order marks, the memory estimate. */
class BoundedInputsCliTest {
    @TempDir
    Path dir;

    private Path charlm(String train) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 1
                data:
                  train: %s
                  sequenceLength: 20
                model:
                  layers: [8]
                train:
                  epochs: 1
                  maxBatches: 1
                  sampleLength: 0
                """.formatted(train));
    }

    @Test
    void aDataDirectoryWithALinkCycleAndDuplicateLinksIsReadOnce() throws Exception {
        // issue 23, case 6: loop -> . made DataVec's FileSplit read one 20,000-character file 41 times over, so the
        // validation tail repeated training text
        Path data = Files.createDirectories(dir.resolve("data"));
        String a = TinyText.pangram(20);
        String b = TinyText.jeep(100) + "\n";
        Files.writeString(data.resolve("a.txt"), a);
        Files.createDirectories(data.resolve("more"));
        Files.writeString(data.resolve("more/b.txt"), b);
        try {
            Files.createSymbolicLink(data.resolve("loop"), Path.of("."));
            Files.createSymbolicLink(data.resolve("copy.txt"), Path.of("a.txt"));
            Files.createSymbolicLink(data.resolve("more/again"), Path.of(".."));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }
        CliTest.Result r = seq4j("train", charlm(data.toString()).toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("charlm: ([\\d,]+) training and ([\\d,]+) validation characters").matcher(r.err());
        assertTrue(m.find(), r.err());
        long chars = Long.parseLong(m.group(1).replace(",", "")) + Long.parseLong(m.group(2).replace(",", ""));
        assertEquals(a.length() + b.length(), chars, "each file once");
        // a network this small takes no noticeable memory: no estimate is printed (MemoryBudgetTest)
        assertFalse(r.err().contains("memory:"), r.err());
    }

    @Test
    void aByteOrderMarkBeforeACsvHeaderIsDropped() throws Exception {
        // DataVec's CSVRecordReader kept it as part of the first column's name, so 't' was not found
        Path csv = dir.resolve("series.csv");
        StringBuilder rows = new StringBuilder("\uFEFFt,v\n");
        for (int t = 0; t < 40; t++) {
            rows.append(2000 + t).append(',').append(t % 4 + 0.5 * t).append('\n');
        }
        Files.write(csv, rows.toString().getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(dir.resolve("forecast.yaml"), """
                task: forecast
                seed: 1
                data:
                  train: %s
                  inputLength: 4
                  horizon: 2
                model:
                  layers: [4]
                train:
                  epochs: 1
                  maxBatches: 1
                """.formatted(csv));
        CliTest.Result r = seq4j("train", config.toString(), "--out", dir.resolve("forecast").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("test: MAE"), r.err());
    }
}
