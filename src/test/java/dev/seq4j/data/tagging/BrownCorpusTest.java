package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Brown-to-CoNLL converter on hand-made corpus files, and the shipped samples read back. */
class BrownCorpusTest {
    @TempDir
    Path dir;

    static final Map<String, String> MAP = Map.of("AT", "DET", "NN-TL", "NOUN", "PPS+BEZ", "PRT", "CC", "CONJ",
            ".", ".", "VBD", "VERB");

    @Test
    void convertsTokensWithTheMapAndSplitsAtTheLastSlash() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("ca01"), "\n\n\tThe/at County/nn-tl said/vbd ./.\n\nIt's/pps+bez and/or/cc \n");
        Files.writeString(corpus.resolve("ck01"), "The/at\n");
        Files.writeString(corpus.resolve("README"), "not a corpus file\n");
        Path out = dir.resolve("out/press.conll");
        List<Path> files = BrownCorpus.files(corpus, List.of("ca"));
        assertEquals(List.of(corpus.resolve("ca01")), files);
        assertEquals(6, BrownCorpus.convert(files, MAP, out));
        assertEquals("-DOCSTART-\t-X-\tca01\n\nThe\tat\tDET\nCounty\tnn-tl\tNOUN\nsaid\tvbd\tVERB\n.\t.\t.\n\n"
                + "It's\tpps+bez\tPRT\nand/or\tcc\tCONJ\n\n", Files.readString(out));
        List<TaggedSentence> read = new ConllReader("auto", 1, -1).read("k", out);
        assertEquals(2, read.size());
        assertEquals(List.of("PRT", "CONJ"), read.get(1).tags());
    }

    @Test
    void plainTextIsASentenceALineOfWordsWithoutTags() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("ca01"), "\n\n\tThe/at County/nn-tl said/vbd ./.\n\nIt's/pps+bez and/or/cc \n");
        Path out = dir.resolve("text.txt");
        assertEquals(6, BrownCorpus.plainText(List.of(corpus.resolve("ca01")), out));
        assertEquals("The County said .\nIt's and/or\n", Files.readString(out));
    }

    /** The shipped unlabelled text holds no sentence of the fiction the tagger is tested on. */
    @Test
    void theShippedTextLeavesTheFictionTestFilesOut() throws Exception {
        java.util.Set<String> text = new java.util.HashSet<>(Files.readAllLines(Path.of("data/brown/text.txt")));
        assertTrue(text.size() > 50_000, "sentences: " + text.size());
        int found = 0;
        int longer = 0;
        for (TaggedSentence s : new ConllReader("tab", 1, -1).read("k", Path.of("data/brown/fiction.conll"))) {
            if (s.size() >= 12) { // short ones ("`` Yes '' .") occur in other files too
                longer++;
                found += text.contains(String.join(" ", s.tokens())) ? 1 : 0;
            }
        }
        assertTrue(longer > 400, "fiction sentences of 12 tokens or more: " + longer);
        assertEquals(0, found, "fiction sentences in data/brown/text.txt");
        assertTrue(text.contains(String.join(" ", new ConllReader("tab", 1, -1)
                .read("k", Path.of("data/brown/press.conll")).get(0).tokens())), "press is in it");
    }

    @Test
    void aTagMissingFromTheMapStopsWithFileAndLine() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("ca01"), "The/at\nodd/zz\n");
        Path out = dir.resolve("x.conll");
        String e = assertThrows(UserException.class,
                () -> BrownCorpus.convert(List.of(corpus.resolve("ca01")), MAP, out)).getMessage();
        assertTrue(e.contains("ca01 line 2") && e.contains("'zz'"), e);
        assertFalse(Files.exists(out));
    }

    @Test
    void theShippedSamplesUseTwelveUniversalTagsThatTheMapCovers() {
        Map<String, String> map = BrownCorpus.readMap(Path.of("data/brown/en-brown.map"));
        assertEquals(472, map.size());
        assertEquals(12, new java.util.HashSet<>(map.values()).size());
        for (String sample : List.of("data/brown/press.conll", "data/brown/fiction.conll")) {
            for (TaggedSentence s : new ConllReader("tab", 1, -1).read("k", Path.of(sample))) {
                for (int i = 0; i < s.size(); i++) {
                    String brown = s.rows().get(i).split("\t")[1];
                    assertEquals(map.get(brown.toUpperCase(java.util.Locale.ROOT)), s.tags().get(i), s.where(i));
                }
            }
        }
    }
}
