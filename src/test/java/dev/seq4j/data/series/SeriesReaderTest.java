package dev.seq4j.data.series;

import dev.seq4j.UserException;
import dev.seq4j.config.SeriesClassDataSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both layouts read from hand-made files, and each kind of bad input named by file and line. */
class SeriesReaderTest {
    @TempDir
    Path dir;

    static SeriesClassDataSpec spec(String layout) {
        return new SeriesClassDataSpec("x", null, null, SeriesClassDataSpec.Layout.of(layout), null, null, null, null, null, null, null);
    }

    /** A files-layout directory with the given features files (name, content) and labels. */
    Path files(String... nameContentLabel) throws Exception {
        Path root = dir.resolve("set");
        Files.createDirectories(root.resolve("features"));
        Files.createDirectories(root.resolve("labels"));
        for (int i = 0; i < nameContentLabel.length; i += 3) {
            Files.writeString(root.resolve("features").resolve(nameContentLabel[i]), nameContentLabel[i + 1]);
            if (nameContentLabel[i + 2] != null) {
                Files.writeString(root.resolve("labels").resolve(nameContentLabel[i]), nameContentLabel[i + 2]);
            }
        }
        return root;
    }

    @Test
    void filesLayoutReadsEachFileAsASequenceInNumberOrder() throws Exception {
        Path root = files("10.csv", "1,2\n3,4\n5,6\n", "b\n", "2.csv", "7,8\n", "a\n");
        SeriesSet set = SeriesReader.read("data.train", root, spec("auto"), true);
        assertEquals(List.of("x0", "x1"), set.features());
        assertEquals(List.of("2.csv", "10.csv"), set.series().stream().map(LabelledSeries::id).toList());
        assertEquals("a", set.series().get(0).label());
        assertArrayEquals(new double[][]{{1, 2}, {3, 4}, {5, 6}}, set.series().get(1).values());
    }

    @Test
    void longLayoutGroupsRowsBySequenceAndOrdersThemByTime() throws Exception {
        Path file = Files.writeString(dir.resolve("long.csv"), """
                sequence_id,t,temp,label,pressure
                s1,1,20.5,hot,3
                s2,0,1,cold,1
                s1,0,19.5,hot,2
                """);
        SeriesSet set = SeriesReader.read("data.train", file, spec("auto"), true);
        assertEquals(List.of("temp", "pressure"), set.features());
        assertEquals(List.of("s1", "s2"), set.series().stream().map(LabelledSeries::id).toList());
        assertArrayEquals(new double[][]{{19.5, 2}, {20.5, 3}}, set.series().get(0).values());
        assertEquals("hot", set.series().get(0).label());
        assertEquals(1, set.series().get(1).length());
    }

    @Test
    void longLayoutWithoutLabelsForPrediction() throws Exception {
        Path file = Files.writeString(dir.resolve("new.csv"), "sequence_id,t,value\na,0,1\na,1,2\n");
        SeriesSet set = SeriesReader.read("--data", file, spec("long"), false);
        assertEquals(List.of("value"), set.features());
        assertEquals(null, set.series().get(0).label());
    }

    String error(Path path, SeriesClassDataSpec spec) {
        return assertThrows(UserException.class, () -> SeriesReader.read("data.train", path, spec, true)).getMessage();
    }

    @Test
    void aRaggedStepIsNamedByFileAndLine() throws Exception {
        Path root = files("0.csv", "1,2\n3,4\n", "a", "1.csv", "1,2\n3\n", "b");
        String m = error(root, spec("files"));
        assertTrue(m.contains("1.csv line 2: 1 value, expected 2"), m);
    }

    @Test
    void aNonNumericValueIsNamedByFileLineAndColumn() throws Exception {
        String m = error(files("0.csv", "1\nhigh\n", "a"), spec("files"));
        assertTrue(m.contains("0.csv line 2, column 1: 'high' is not a number"), m);
        Path file = Files.writeString(dir.resolve("long.csv"), "sequence_id,t,value,label\na,0,1,x\na,1,NaN,x\n");
        m = error(file, spec("long"));
        assertTrue(m.contains("long.csv line 3, column 'value': 'NaN' is not a finite number"), m);
    }

    @Test
    void aMissingColumnOrLabelFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("long.csv"), "id,t,value,label\na,0,1,x\n");
        String m = error(file, spec("long"));
        assertTrue(m.contains("long.csv line 1: no column 'sequence_id' in the header [id, t, value, label] "
                + "(see data.idColumn)"), m);
        file = Files.writeString(dir.resolve("long2.csv"), "sequence_id,value,label\na,1,x\n");
        assertTrue(error(file, spec("long")).contains("no column 't'"));
        m = error(files("0.csv", "1\n", null), spec("files"));
        assertTrue(m.contains("no label file") && m.contains("0.csv"), m);
    }

    @Test
    void aLabelThatChangesWithinASequenceOrARepeatedStepIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("long.csv"), "sequence_id,t,value,label\na,0,1,x\na,1,2,y\n");
        assertTrue(error(file, spec("long")).contains("line 3: sequence 'a' has label 'y' here but 'x' on line 2"));
        file = Files.writeString(dir.resolve("dup.csv"), "sequence_id,t,value,label\na,0,1,x\na,0,2,x\n");
        String m = error(file, spec("long"));
        assertTrue(m.contains("line 3: sequence 'a' repeats t 0.0 of line 2"), m);
    }

    @Test
    void anEmptySeriesOrAWrongKindOfPathIsAnError() throws Exception {
        Path root = files("0.csv", "1\n", "a", "1.csv", "\n\n", "b");
        assertTrue(error(root, spec("files")).contains("1.csv"));
        assertTrue(error(root, spec("long")).contains("is a directory, not a long-layout CSV file"));
        assertTrue(error(dir.resolve("missing"), spec("auto")).contains("does not exist"));
    }

    @Test
    void aByteOrderMarkIsDroppedInBothLayouts() throws Exception {
        // DataVec's readers kept it: the long layout's first column was then '\uFEFFsequence_id', not found
        Path file = Files.writeString(dir.resolve("bom.csv"), "\uFEFFsequence_id,t,x,label\ns1,0,1.5,a\ns2,0,2.5,b\n");
        SeriesSet set = SeriesReader.read("data.train", file, spec("long"), true);
        assertEquals(List.of("s1", "s2"), set.series().stream().map(LabelledSeries::id).toList());
        // and a features file's first value was '\uFEFF1', not a number
        Path root = files("0.csv", "\uFEFF1,2\n3,4\n", "a\n", "1.csv", "5,6\n", "\uFEFFb\n");
        SeriesSet files = SeriesReader.read("data.train", root, spec("files"), true);
        assertArrayEquals(new double[][]{{1, 2}, {3, 4}}, files.series().get(0).values());
        assertEquals("b", files.series().get(1).label());
    }
}
