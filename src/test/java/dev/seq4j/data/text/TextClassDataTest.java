package dev.seq4j.data.text;

import dev.seq4j.UserException;
import dev.seq4j.config.TextClassDataSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelled text files, tokens, vocabulary and minibatches, on files made by hand. */
class TextClassDataTest {
    @TempDir
    Path dir;

    private static TextClassDataSpec spec(String train, String valid, String delimiter, String tokens) {
        return new TextClassDataSpec(train, valid, null, delimiter, null, null, tokens == null ? null : dev.seq4j.config.Tokens.of(tokens), null, null, null, null);
    }

    @Test
    void aTsvIsReadAsItIsAndACsvHonoursQuotes() throws Exception {
        Path tsv = Files.writeString(dir.resolve("a.tsv"), "text\tlabel\nI'm so happy!!!\"\tpos\n\n\"Meh\" food\tneg\n");
        List<LabelledText> rows = LabelledText.read("data.train", tsv, spec(tsv.toString(), "0.5", null, null));
        assertEquals(List.of(new LabelledText("pos", "I'm so happy!!!\"", 2), new LabelledText("neg", "\"Meh\" food", 4)),
                rows);
        Path csv = Files.writeString(dir.resolve("a.csv"), "label,text\npos,\"good, really\"\n");
        assertEquals("good, really", LabelledText.read("k", csv, spec(csv.toString(), "0.5", "comma", null)).get(0).text());
    }

    @Test
    void badRowsAreNamedByFileAndLine() throws Exception {
        TextClassDataSpec spec = spec("x", "0.5", null, null);
        Path noColumn = Files.writeString(dir.resolve("b.tsv"), "label\tcomment\npos\tfine\n");
        assertEquals("data.train: " + noColumn + " line 1: no column 'text' in the header [label, comment] (set "
                + "data.labelColumn / data.textColumn and data.delimiter)",
                assertThrows(UserException.class, () -> LabelledText.read("data.train", noColumn, spec)).getMessage());
        Path empty = Files.writeString(dir.resolve("c.tsv"), "label\ttext\npos\tfine\nneg\t   \n");
        assertEquals("data.train: " + empty + " line 3: empty text",
                assertThrows(UserException.class, () -> LabelledText.read("data.train", empty, spec)).getMessage());
        Path ragged = Files.writeString(dir.resolve("d.tsv"), "label\ttext\npos\n");
        assertTrue(assertThrows(UserException.class, () -> LabelledText.read("data.train", ragged, spec)).getMessage()
                .endsWith("line 2: 1 field, the header has 2"));
    }

    @Test
    void wordsKeepInnerApostrophesAndSplitPunctuation() {
        assertEquals(List.of("didn't", "like", "it", "!", "!", "10", "/", "10"),
                Tokenizer.tokens("Didn't LIKE it!! 10/10", dev.seq4j.config.Tokens.WORD));
        assertEquals(List.of("O", "k", " ", "!"), Tokenizer.tokens("Ok !", dev.seq4j.config.Tokens.CHAR));
    }

    /** For a char LM: the same tokens as written; where lower-casing splits differently, the lower-cased ones. */
    @Test
    void writtenTokensPairWithTheLowerCasedOnes() {
        assertEquals(List.of("Didn't", "LIKE", "it", "!", "!", "10", "/", "10"),
                Tokenizer.written("Didn't LIKE it!! 10/10", dev.seq4j.config.Tokens.WORD));
        // U+0130 lower-cases to "i" and a combining dot, which the word pattern splits off
        String istanbul = "\u0130stanbul is big";
        assertEquals(Tokenizer.tokens(istanbul, dev.seq4j.config.Tokens.WORD),
                Tokenizer.written(istanbul, dev.seq4j.config.Tokens.WORD));
        assertEquals(5, Tokenizer.written(istanbul, dev.seq4j.config.Tokens.WORD).size());
    }

    @Test
    void theVocabularyKeepsFrequentTokensAfterTheUnknownOne() {
        TokenVocabulary v = TokenVocabulary.build(List.of(List.of("b", "a", "b", "c"), List.of("a", "b", "d")), 2, 10);
        assertEquals(3, v.size());
        assertEquals(List.of("<unk>", "b", "a"), List.of(v.token(0), v.token(1), v.token(2)));
        assertArrayEquals(new int[]{1, 2, 0}, v.encode(List.of("b", "a", "zzz")));
        assertEquals(2, TokenVocabulary.build(List.of(List.of("b", "a", "b", "c")), 1, 2).size(), "maxVocab counts <unk>");
    }

    @Test
    void aHeldOutFractionIsASeededSampleAndUnseenLabelsAreRefused() throws Exception {
        StringBuilder rows = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 20; i++) {
            rows.append(i < 10 ? "neg\tbad " : "pos\tgood ").append(i).append('\n');
        }
        Path train = Files.writeString(dir.resolve("t.tsv"), rows.toString());
        TextClassData a = TextClassData.load(spec(train.toString(), "0.25", null, null), 3);
        TextClassData b = TextClassData.load(spec(train.toString(), "0.25", null, null), 3);
        assertEquals(15, a.train().size());
        assertEquals(5, a.valid().size());
        assertArrayEquals(a.valid().classes(), b.valid().classes());
        assertEquals(List.of("neg", "pos"), a.labels());
        Path valid = Files.writeString(dir.resolve("v.tsv"), "label\ttext\npos\tgood\nmeh\tso so\n");
        UserException e = assertThrows(UserException.class,
                () -> TextClassData.load(spec(train.toString(), valid.toString(), null, null), 3));
        assertEquals("data.valid: " + valid + " line 3: label 'meh' does not occur in the training data [neg, pos]",
                e.getMessage());
    }

    @Test
    void batchesArePaddedToTheLongestTextWithAMaskAndOneHotLabels() {
        TextClassData.Split split = new TextClassData.Split(new int[][]{{3, 4, 5}, {6}}, new int[]{1, 0});
        MultiDataSet batch = new TextClassIterator(split, 2, 8, 1, false).next();
        assertArrayEquals(new long[]{2, 1, 3}, batch.getFeatures(0).shape());
        assertEquals("[[3.0, 4.0, 5.0], [6.0, 0.0, 0.0]]",
                java.util.Arrays.deepToString(batch.getFeatures(0).reshape(2, 3).toDoubleMatrix()));
        assertEquals("[[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]",
                java.util.Arrays.deepToString(batch.getFeaturesMaskArray(0).toDoubleMatrix()));
        assertEquals("[[0.0, 1.0], [1.0, 0.0]]", java.util.Arrays.deepToString(batch.getLabels(0).toDoubleMatrix()));
    }
}
