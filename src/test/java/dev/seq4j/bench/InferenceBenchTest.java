package dev.seq4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench/inference.sh's seq4j side on the golden runs: what it measures and the spec the PyTorch peer rebuilds. */
class InferenceBenchTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/runs-0.1.0");

    @Test
    void measuresEveryCaseAndWritesTheShapesAndLengthsOfTheRuns(@TempDir Path dir) throws Exception {
        Path texts = GOLDEN.resolve("textclass/data/reviews.tsv");
        Path spec = dir.resolve("spec.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            InferenceBench.main(new String[]{GOLDEN.resolve("charlm/run").toString(),
                    GOLDEN.resolve("textclass/run").toString(), texts.toString(), spec.toString(), "40", "0.05"});
        } finally {
            System.setOut(stdout);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode result = json.readTree(out.toString(StandardCharsets.UTF_8).strip());
        for (String key : List.of("generate_chars_per_s", "single_ms_median", "single_ms_p90", "batch256_per_s")) {
            assertTrue(result.get(key).asDouble() > 0, key + " in " + result);
        }
        assertTrue(result.get("single_ms_p90").asDouble() >= result.get("single_ms_median").asDouble());
        JsonNode written = json.readTree(spec.toFile());
        List<String> rows = InferenceBench.texts(texts);
        assertEquals(Files.readAllLines(texts).size() - 1, rows.size());
        assertEquals(rows.size(), written.at("/textclass/lengths").size());
        assertEquals(5, written.at("/textclass/lengths/0").asInt());        // "the food was good today"
        assertEquals(40, written.at("/charlm/chars").asInt());
        assertTrue(written.at("/charlm/vocab").asInt() > 2);
        assertTrue(written.at("/charlm/layers").size() >= 1);
        assertEquals("max", written.at("/textclass/pooling").asText());                // the golden run's config
    }

    @Test
    void percentilesPickTheValueAtTheirRank() {
        double[] values = {5, 1, 4, 2, 3};
        assertEquals(3, InferenceBench.percentile(values, 0.5));
        assertEquals(5, InferenceBench.percentile(values, 1.0));
        assertEquals(1, InferenceBench.percentile(values, 0.0));
    }
}
