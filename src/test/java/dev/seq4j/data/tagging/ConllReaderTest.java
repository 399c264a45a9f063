package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column files read from hand-made text, and each kind of bad input named by file and line. */
class ConllReaderTest {
    @TempDir
    Path dir;

    Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static ConllReader last() {
        return new ConllReader("auto", 1, -1);
    }

    String error(ConllReader reader, String text) throws Exception {
        Path f = file("bad.conll", text);
        return assertThrows(UserException.class, () -> reader.read("data.train", f)).getMessage();
    }

    @Test
    void readsSentencesSkippingDocstartAndExtraBlankLines() throws Exception {
        Path f = file("a.conll", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\n"
                + "Peter NNP B-NP B-PER  \n-DOCSTART- -X- -X- O\nBlackburn NNP B-NP B-PER\n");
        List<TaggedSentence> s = last().read("data.train", f);
        assertEquals(3, s.size());
        assertEquals(List.of("EU", "rejects"), s.get(0).tokens());
        assertEquals(List.of("B-ORG", "O"), s.get(0).tags());
        assertEquals(3, s.get(0).line());
        assertEquals(List.of("Peter"), s.get(1).tokens());
        assertEquals(List.of("Blackburn"), s.get(2).tokens());
        assertEquals(f + " line 4", s.get(0).where(1));
        assertEquals("Peter NNP B-NP B-PER", s.get(1).rows().get(0));
    }

    @Test
    void columnsCountFromOneOrFromTheEnd() throws Exception {
        Path f = file("a.tsv", "The\tat\tDET\ndog\tnn\tNOUN\n");
        assertEquals(List.of("at", "nn"), new ConllReader("auto", 1, 2).read("k", f).get(0).tags());
        assertEquals(List.of("DET", "NOUN"), new ConllReader("tab", -3, -1).read("k", f).get(0).tags());
        assertNull(new ConllReader("auto", 1, 0).read("k", f).get(0).tags());
    }

    @Test
    void tabFieldsMayHoldSpaces() throws Exception {
        Path f = file("a.tsv", "New York\tB-LOC\ncity\tO\n");
        assertEquals(List.of("New York", "city"), last().read("k", f).get(0).tokens());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws Exception {
        String e = error(last(), "a DET\nb NOUN\n\nc NOUN x\n");
        assertTrue(e.contains("bad.conll line 4") && e.contains("expected 2 columns"), e);
    }

    @Test
    void mixedSeparatorsAreAnError() throws Exception {
        String e = error(last(), "a\tDET\nb NOUN\n");
        assertTrue(e.contains("line 2") && e.contains("mixed separators"), e);
        e = error(last(), "a DET\nb\tNOUN\n");
        assertTrue(e.contains("line 2") && e.contains("mixed separators"), e);
        // separator: space reads any run of spaces and tabs
        assertEquals(2, new ConllReader("space", 1, -1).read("k", file("m.txt", "a DET\nb\tNOUN\n")).get(0).size());
    }

    @Test
    void emptyTokenOrTagIsAnError() throws Exception {
        assertTrue(error(last(), "a\tDET\n\tNOUN\n").contains("line 2: empty token"));
        assertTrue(error(last(), "a\tDET\nb\t\n").contains("line 2: empty tag"));
    }

    @Test
    void columnOutOfRangeIsAnError() throws Exception {
        String e = error(new ConllReader("auto", 1, 3), "a DET\n");
        assertTrue(e.contains("data.tagColumn is 3 but the line has 2 columns"), e);
        e = error(new ConllReader("auto", 1, -1), "a\n");
        assertTrue(e.contains("token and the tag are both column 1"), e);
    }

    @Test
    void aFileWithoutSentencesIsAnError() throws Exception {
        assertTrue(error(last(), "-DOCSTART- O\n\n\n").contains("has no sentences"));
    }

    @Test
    void readsEveryFileOfADirectoryInNameOrder() throws Exception {
        Path d = dir.resolve("corpus");
        Files.createDirectories(d);
        Files.writeString(d.resolve("b.conll"), "second NOUN\n");
        Files.writeString(d.resolve("a.conll"), "first NOUN\n");
        List<TaggedSentence> s = last().read("k", d);
        assertEquals(List.of("first"), s.get(0).tokens());
        assertEquals(List.of("second"), s.get(1).tokens());
        assertTrue(s.get(1).file().endsWith("b.conll"));
    }
}
