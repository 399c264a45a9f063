package dev.seq4j.data.text;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFilesTest {
    @TempDir
    Path dir;

    private String error(Path path) {
        return assertThrows(UserException.class, () -> TextFiles.read("data.train", path)).getMessage();
    }

    @Test
    void readsUtf8NormalisingLineEndingsAndDroppingTheBom() throws Exception {
        Path file = dir.resolve("a.txt");
        Files.write(file, "\uFEFFna\u00efve\r\nline\rend".getBytes(StandardCharsets.UTF_8));
        assertEquals("na\u00efve\nline\nend", TextFiles.read("data.train", file));
    }

    @Test
    void readsEveryFileOfADirectoryInNameOrder() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "second");
        Files.writeString(dir.resolve("a.txt"), "first\n");
        assertEquals("first\nsecond", TextFiles.read("data.train", dir));
    }

    @Test
    void badFilesNameTheKeyAndTheFile() throws Exception {
        Path missing = dir.resolve("missing.txt");
        assertEquals("data.train: no such file: " + missing, error(missing));
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        assertEquals("data.train: file is empty: " + empty, error(empty));
        Path binary = Files.write(dir.resolve("model.bin"), new byte[]{'P', 'K', 3, 4, 0, 0, 1});
        assertEquals("data.train: " + binary + " is binary, not text (NUL byte at offset 4)", error(binary));
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 ok".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("data.train: " + latin1 + " is not UTF-8 text (invalid byte 0xE9 on line 1, offset 3); save it as UTF-8",
                error(latin1));
        Path utf16 = Files.write(dir.resolve("utf16.txt"), "caf\u00e9 ok\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals("data.train: " + utf16 + " is UTF-16 text, not UTF-8; convert it, e.g. iconv -f UTF-16 -t UTF-8",
                error(utf16));
        assertEquals("data.train: " + dir + " is a directory; give a file",
                assertThrows(UserException.class, () -> TextFiles.readOne("data.train", dir)).getMessage());
        Path blank = Files.writeString(dir.resolve("blank.txt"), " \n\n");
        assertTrue(error(blank).contains("only whitespace"));
    }
}
