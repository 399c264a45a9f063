package dev.seq4j.data.tagging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented tokenisation of plain text for tagging, and the word features. */
class RawTextTest {
    @TempDir
    Path dir;

    @Test
    void splitsPunctuationButKeepsAbbreviationsAndContractions() {
        assertEquals(List.of("\"", "Mr.", "Smith", "went", "to", "Washington", ",", "\"", "she", "said", "."),
                RawText.tokens("\"Mr. Smith went to Washington,\" she said."));
        assertEquals(List.of("It's", "the", "students'", "(", "new", ")", "books", "--", "isn't", "it", "?"),
                RawText.tokens("  It's the students' (new) books -- isn't it?"));
        assertEquals(List.of("Wait", "..."), RawText.tokens("Wait ..."));
        assertEquals(List.of("end", ".", ")"), RawText.tokens("end.)"));
        assertEquals(List.of(), RawText.tokens("   "));
    }

    @Test
    void eachNonBlankLineIsASentence() throws Exception {
        Path f = Files.writeString(dir.resolve("in.txt"), "One two.\n\n\nThree\n");
        List<TaggedSentence> s = RawText.read("--input", f);
        assertEquals(2, s.size());
        assertEquals(4, s.get(1).line());
        assertEquals(null, s.get(0).tags());
    }

    @Test
    void shapeFeatures() {
        int the = WordFeatures.shape("The", true);
        assertTrue((the & 1) != 0 && (the & (1 << 8)) != 0 && (the & (1 << 1)) == 0);
        assertTrue((WordFeatures.shape("USA", false) & (1 << 1)) != 0);
        assertTrue((WordFeatures.shape("McDonald", false) & (1 << 2)) != 0);
        assertTrue((WordFeatures.shape("1,000.5", false) & (1 << 4)) != 0);
        assertTrue((WordFeatures.shape("3rd", false) & (1 << 4)) == 0);
        assertTrue((WordFeatures.shape("well-known", false) & (1 << 5)) != 0);
        assertTrue((WordFeatures.shape(",", false) & (1 << 6)) != 0);
        assertTrue((WordFeatures.shape("don't", false) & (1 << 7)) != 0);
        assertEquals("ing", WordFeatures.suffix("Running"));
        assertEquals("at", WordFeatures.suffix("At"));
    }
}
