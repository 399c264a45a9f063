package dev.seq4j.infer;

import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.CharLmTask;
import dev.seq4j.task.Tasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contextual char-LM word features (issue 30), from a tiny forward and a tiny backward LM: a forward feature depends
 * on the text up to the word's end and nothing after it, a backward one on the text from the word's start to the
 * sentence's end; batching and padding change nothing.
 */
class CharLmEmbedderTest {
    @TempDir
    static Path dir;
    static CharLmEmbedder forward;
    static CharLmEmbedder backward;

    @BeforeAll
    static void trainBothDirections() throws Exception {
        Path text = Files.writeString(dir.resolve("pangram.txt"), TinyText.pangram(20));
        for (boolean reverse : new boolean[]{false, true}) {
            Path run = dir.resolve(reverse ? "backward" : "forward");
            Tasks.train(dev.seq4j.TestConfigs.charlm(3, java.util.Map.of("train", text.toString(), "sequenceLength", 20),
                            "data.reverse=" + reverse, "model.layers=[12, 10]", "train.epochs=1",
                            "train.sampleLength=0"),
                    run, new PrintWriter(new StringWriter()), null);
        }
        forward = CharLmTask.embedder(RunDirectory.open(dir.resolve("forward")));
        backward = CharLmTask.embedder(RunDirectory.open(dir.resolve("backward")));
    }

    private static List<String> words(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void everyWordGetsTheTopLayersStateInItsDirection() {
        assertEquals(10, forward.width());
        assertTrue(backward.backward() && !forward.backward());
        float[][][] f = forward.embed(List.of(words("the quick fox"), words("the lazy dog .")));
        assertEquals(3, f[0].length);
        assertEquals(4, f[1].length);
        assertEquals(10, f[1][3].length);
        // forwards: "the" has read "\nthe" in both sentences; what follows it cannot matter
        assertArrayEquals(f[0][0], f[1][0], 0f);
        assertFalse(Arrays.equals(f[0][1], f[1][1]), "quick and lazy differ");
        // backwards: "dog ." ends both sentences, read from the end
        float[][][] b = backward.embed(List.of(words("a dog ."), words("the lazy dog .")));
        assertArrayEquals(b[0][1], b[1][2], 0f);
        assertArrayEquals(b[0][2], b[1][3], 0f);
        assertFalse(Arrays.equals(b[0][0], b[1][1]), "'a dog .' and 'lazy dog .' read from the end differ at a/lazy");
    }

    @Test
    void aSentenceGetsTheSameFeaturesAloneAndInABatchWithLongerOnes() {
        List<String> shortOne = words("the fox");
        List<String> longOne = words("the quick brown fox jumps over the lazy dog .");
        for (CharLmEmbedder e : List.of(forward, backward)) {
            float[][] alone = e.embed(List.of(shortOne))[0];
            float[][] batched = e.embed(List.of(longOne, shortOne, longOne))[1];
            for (int i = 0; i < alone.length; i++) {
                assertArrayEquals(alone[i], batched[i], 1e-6f, (e.backward() ? "backward" : "forward") + " word " + i);
            }
        }
    }

    @Test
    void moreSentencesThanABatchKeepTheirOrder() {
        // batches are formed by length: every sentence still gets its own features, in the order given
        List<String> kinds = List.of("the fox", "a lazy dog jumps over the quick brown fox", "a lazy dog");
        List<List<String>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * CharLmEmbedder.BATCH + 5; i++) {
            many.add(words(kinds.get(i % 3)));
        }
        for (CharLmEmbedder e : List.of(forward, backward)) {
            float[][][] all = e.embed(many);
            assertEquals(many.size(), all.length);
            for (int i = 0; i < many.size(); i++) {
                float[][] alone = e.embed(List.of(many.get(i)))[0];
                assertEquals(alone.length, all[i].length, "sentence " + i);
                for (int w = 0; w < alone.length; w++) {
                    assertArrayEquals(alone[w], all[i][w], 1e-6f, "sentence " + i + " word " + w);
                }
            }
        }
    }
}
