package dev.seq4j.eval;

import dev.seq4j.data.tagging.TaggedSentence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The most-frequent-tag baseline: per word, ties alphabetical, unseen words get the commonest tag. */
class MostFrequentTagTest {
    @TempDir
    Path dir;

    static TaggedSentence s(String tokens, String tags) {
        return new TaggedSentence("f", 1, List.of(tokens.split(" ")), List.of(tags.split(" ")), List.of());
    }

    @Test
    void tagsEachWordWithItsCommonestTag() throws Exception {
        List<TaggedSentence> train = List.of(s("The run was long", "DET NOUN VERB ADJ"),
                s("They run", "PRON VERB"), s("we run", "PRON VERB"), s("A race", "DET NOUN"),
                s("fast", "ADV"), s("fast", "ADJ"));
        MostFrequentTag b = MostFrequentTag.train(train, true);
        assertEquals("VERB", b.tag("run"));        // VERB 2, NOUN 1
        assertEquals("DET", b.tag("the"));         // lower-cased lookup
        assertEquals("ADJ", b.tag("fast"));        // a tie: the first tag alphabetically
        assertEquals("VERB", b.fallback());        // VERB 3, DET 2, NOUN 2, PRON 2, ADJ 2, ADV 1
        assertEquals("VERB", b.tag("unseen"));
        b.save(dir.resolve("b.json"));
        MostFrequentTag loaded = MostFrequentTag.load(dir.resolve("b.json"));
        assertEquals("VERB", loaded.tag("run"));
        assertEquals(b.words(), loaded.words());
    }
}
