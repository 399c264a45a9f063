package dev.seq4j.task;

import dev.seq4j.TinyText;
import dev.seq4j.api.CharLanguageModel;
import dev.seq4j.data.text.TextFiles;
import dev.seq4j.result.CharLmEvaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code data.reverse} (issue 30): a backward char LM over-fits a tiny text read from its end, so it predicts the text
 * read backwards and not forwards; {@code eval}, the API and generation all read and write in its direction.
 */
class BackwardCharLmTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path text;

    @BeforeAll
    static void overfitBackwards() throws Exception {
        // a text whose two directions differ: "dog." always ends a line, but "the" starts two places
        text = Files.writeString(dir.resolve("pangram.txt"), TinyText.pangram(40));
        outcome = Tasks.train(CharLmTaskTest.config(text, "data.reverse=true", "model.layers=[64]", "train.epochs=30",
                        "train.batchSize=8", "train.learningRate=0.02", "train.patience=0", "train.sampleLength=60"),
                dir.resolve("run"), new PrintWriter(new StringWriter(), true), null);
    }

    @Test
    void itPredictsTheTextReadBackwardsAndNotForwards() {
        CharLanguageModel m = dev.seq4j.api.Seq4j.load(dir.resolve("run"), CharLanguageModel.class);
        assertTrue(m.backward());
        String pangrams = TinyText.pangram(3);
        double backwards = m.bitsPerChar(pangrams);
        double forwards = m.bitsPerChar(TextFiles.reversed(pangrams)); // read backwards: the text forwards
        assertTrue(backwards < 0.2 && forwards > 1.0, "backwards " + backwards + ", forwards " + forwards);
        CharLmEvaluation e = Tasks.of("charlm") instanceof CharLmTask task
                ? task.evaluate(dev.seq4j.run.RunDirectory.open(dir.resolve("run")), text) : null;
        assertTrue(e != null && e.bitsPerChar() < 0.2, "eval reads the file backwards: " + e);
    }

    @Test
    void itWritesTheTextBeforeThePrime() {
        CharLanguageModel m = dev.seq4j.api.Seq4j.load(dir.resolve("run"), CharLanguageModel.class);
        String before = m.generate("the lazy dog.", 31, 0.05, 0, 1);
        assertEquals("the quick brown fox jumps over ", before, "the 31 characters that come before the prime");
        assertTrue(TinyText.pangram(4).contains(outcome.sample()), "the sample reads forwards: " + outcome.sample());
        assertTrue(outcome.sample().endsWith("The ") || outcome.sample().endsWith("\n"), outcome.sample());
    }
}
