package dev.seq4j.data.pairs;

import dev.seq4j.config.Tokens;

import dev.seq4j.UserException;
import dev.seq4j.config.PairsDataSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void eachSideIsSplitItsOwnWayAndBlankLinesAreSkipped() throws Exception {
        Path f = file("p.tsv", "the cat\tle chat\n\n ab c \tX  Y\n");
        List<Pair> pairs = new PairsReader(Tokens.CHAR, Tokens.WORD).read("data.train", f);
        assertEquals(2, pairs.size());
        assertEquals(List.of("t", "h", "e", " ", "c", "a", "t"), pairs.get(0).source());
        assertEquals(List.of("le", "chat"), pairs.get(0).target());
        assertEquals(3, pairs.get(1).line());
        assertEquals(List.of("a", "b", " ", "c"), pairs.get(1).source()); // outer spaces dropped, inner kept
        assertEquals(List.of("X", "Y"), pairs.get(1).target());
        assertEquals("ab c", PairsReader.join(pairs.get(1).source(), Tokens.CHAR));
        assertEquals("X Y", PairsReader.join(pairs.get(1).target(), Tokens.WORD));
    }

    @Test
    void aLineWithoutExactlyOneTabOrWithAnEmptySideNamesItsLine() throws Exception {
        PairsReader reader = new PairsReader(Tokens.WORD, Tokens.WORD);
        UserException noTab = assertThrows(UserException.class,
                () -> reader.read("data.train", file("a.tsv", "a\tb\nno tab here\n")));
        assertTrue(noTab.getMessage().contains("a.tsv line 2: expected source<TAB>target, found no tab"), noTab.getMessage());
        UserException twoTabs = assertThrows(UserException.class,
                () -> reader.read("data.train", file("b.tsv", "a\tb\tc\n")));
        assertTrue(twoTabs.getMessage().contains("line 1: expected source<TAB>target, found 2 tabs"), twoTabs.getMessage());
        UserException empty = assertThrows(UserException.class,
                () -> reader.read("data.test", file("c.tsv", "a\tb\n\nx\t  \n")));
        assertTrue(empty.getMessage().startsWith("data.test: ") && empty.getMessage().contains("line 3: the target is empty"),
                empty.getMessage());
    }

    @Test
    void sourcesToDecodeMayComeWithTheirTargets() throws Exception {
        List<Pair> sources = new PairsReader(Tokens.CHAR, Tokens.WORD).readSources("--input", file("in.txt", "abc\n\nde\tD E\n"));
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e")), sources.stream().map(Pair::source).toList());
        assertEquals(List.of(1, 3), sources.stream().map(Pair::line).toList());
    }

    private PairsDataSpec spec(Path train, Integer maxSource, Integer maxTarget) {
        return new PairsDataSpec(train.toString(), train.toString(), null, Tokens.CHAR, Tokens.WORD, 1, null, maxSource,
                maxTarget, null, null, null);
    }

    @Test
    void idsReserveUnknownStartAndEndAndTheTargetIsShiftedForTeacherForcing() throws Exception {
        Path f = file("t.tsv", "ab\tX Y\nba\tY\n");
        PairsData data = PairsData.load(spec(f, null, null), 1);
        PairsData.Encoder enc = data.encoder();
        assertEquals(List.of("<unk>", "<s>", "</s>"), List.of(enc.target().token(0), enc.target().token(1), enc.target().token(2)));
        int x = enc.target().id("X");
        int y = enc.target().id("Y");
        assertEquals(3, y); // the most frequent first
        assertArrayEquals(new int[]{PairsData.START_ID, x, y}, data.train().targetIn()[0]);
        assertArrayEquals(new int[]{x, y, PairsData.END_ID}, data.train().targetOut()[0]);
        assertEquals(2, enc.maxSource());
        assertEquals(2, enc.maxTarget());
        assertEquals(5, data.train().targetTokens());
        // a token never seen in training is the unknown id
        PairsData.Split s = enc.encode("--data", f, List.of(new Pair(1, List.of("a", "z"), List.of("Q"))), false);
        assertArrayEquals(new int[]{enc.source().id("a"), 0}, s.source()[0]);
        assertArrayEquals(new int[]{0, PairsData.END_ID}, s.targetOut()[0]);
    }

    @Test
    void anOverLongSourceIsAnErrorNamingItsLine() throws Exception {
        Path f = file("t.tsv", "ab\tX\nabc\tY\n");
        PairsData.Encoder enc = PairsData.load(spec(f, 3, null), 1).encoder();
        Path input = file("in.txt", "abc\nabcd\n");
        UserException e = assertThrows(UserException.class, () -> enc.encode("--input", input,
                new PairsReader(Tokens.CHAR, Tokens.WORD).readSources("--input", input), true));
        assertTrue(e.getMessage().contains("in.txt line 2: the source has 4 tokens, more than the model's maxSourceLength 3"),
                e.getMessage());
        Path g = file("u.tsv", "ab\tX\nba\tX Y\n");
        UserException target = assertThrows(UserException.class, () -> PairsData.load(spec(g, null, 1), 1));
        assertTrue(target.getMessage().endsWith("u.tsv line 2: the target has 2 tokens, more than data.maxTargetLength 1"),
                target.getMessage());
    }
}
