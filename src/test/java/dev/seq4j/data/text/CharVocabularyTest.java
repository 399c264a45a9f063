package dev.seq4j.data.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CharVocabularyTest {
    @Test
    void symbolsAreOrderedByFrequencyThenCodePointAfterTheUnknownSymbol() {
        CharVocabulary v = CharVocabulary.build("jeep".codePoints().toArray(), 1);
        assertEquals(List.of("\uFFFD", "e", "j", "p"), v.symbols());
        assertArrayEquals(new int[]{2, 1, 1, 3}, v.encode("jeep"));
        assertEquals(CharVocabulary.UNKNOWN, v.indexOf('x'));
        assertEquals("\uFFFDeep", v.decode(v.encode("xeep")));
    }

    @Test
    void rareCharactersBecomeUnknown() {
        CharVocabulary v = CharVocabulary.build("aaabbc".codePoints().toArray(), 2);
        assertEquals(List.of("\uFFFD", "a", "b"), v.symbols());
        assertEquals(CharVocabulary.UNKNOWN, v.indexOf('c'));
    }

    @Test
    void codePointsOutsideTheBasicPlaneAreOneSymbol() {
        CharVocabulary v = CharVocabulary.build("a\uD83D\uDE00a".codePoints().toArray(), 1);
        assertEquals(3, v.size());
        assertEquals("\uD83D\uDE00", v.decode(new int[]{v.indexOf(0x1F600)}));
    }

    @Test
    void savesAndLoadsEqual(@TempDir Path dir) throws Exception {
        CharVocabulary v = CharVocabulary.build("The \"quick\"\n\tfox\\".codePoints().toArray(), 1);
        v.save(dir.resolve("vocab.json"));
        assertEquals(v, CharVocabulary.load(dir.resolve("vocab.json")));
    }
}
