package dev.seq4j.run;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a run directory's files: regular files inside it only, bounded, strict JSON, one-line errors. */
class RunFilesTest {
    @TempDir
    Path dir;

    private static String refusal(org.junit.jupiter.api.function.Executable read) {
        String m = assertThrows(UserException.class, read).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }

    @Test
    void onlyRegularFilesInsideTheRunAreRead() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path inside = Files.writeString(run.resolve("a.json"), "[]");
        assertEquals(inside.toRealPath(), RunFiles.inside(run, inside));
        Files.createSymbolicLink(run.resolve("link.json"), inside);
        assertEquals(inside.toRealPath(), RunFiles.inside(run, run.resolve("link.json")));
        Path outside = Files.writeString(dir.resolve("secret"), "x");
        Files.createSymbolicLink(run.resolve("out.json"), outside);
        assertTrue(refusal(() -> RunFiles.inside(run, run.resolve("out.json"))).contains("leads outside the run directory"));
        Files.createSymbolicLink(run.resolve("zero"), Path.of("/dev/zero"));
        assertTrue(refusal(() -> RunFiles.regular(run.resolve("zero"))).contains("not a regular file (a FIFO, device"));
        assertTrue(refusal(() -> RunFiles.regular(run)).contains("not a regular file (a directory)"));
        Files.createSymbolicLink(run.resolve("loop"), run.resolve("loop"));
        assertTrue(refusal(() -> RunFiles.inside(run, run.resolve("loop"))).contains("cannot resolve"));
        assertTrue(refusal(() -> RunFiles.regular(run.resolve("none"))).endsWith("none: no such file"));
        Process fifo = new ProcessBuilder("mkfifo", run.resolve("fifo").toString()).start();
        assertEquals(0, fifo.waitFor());
        assertTrue(refusal(() -> RunFiles.read(run.resolve("fifo"), 10)).contains("not a regular file"));
    }

    @Test
    void readsAreBoundedAndListsStopAfterTheLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("big"), "x".repeat(100));
        assertEquals(100, RunFiles.read(file, 100).length);
        assertTrue(refusal(() -> RunFiles.read(file, 99)).contains("larger than 99 bytes"));
        try (InputStream in = RunFiles.open(file, 50)) {
            assertEquals(50, in.readNBytes(50).length);
            assertThrows(UserException.class, in::read);
        }
        try (InputStream in = RunFiles.open(file, Long.MAX_VALUE)) { // no cap: cap + 1 must not overflow to 0
            assertEquals(5, in.read(new byte[5], 0, 5));
            assertEquals(95, in.readAllBytes().length);
        }
        Path list = Files.writeString(dir.resolve("list.json"), "{\"other\": {\"a\": [1]}, \"tokens\": [\"a\", \"b\", \"c\", "
                + "\"d\", \"e\"], \"more\": 1}");
        assertEquals(List.of("a", "b", "c", "d", "e"), RunFiles.strings(list, "tokens", 5));
        assertEquals(List.of("a", "b", "c"), RunFiles.strings(list, "tokens", 2));
        String m = refusal(() -> RunFiles.fits(list, "tokens", 3, 2, Path.of("model.zip")));
        assertEquals(list + ": more than 2 tokens, but model.zip was built for 2; the file does not belong to this model", m);
        assertEquals(list + ": 1 tokens, but model.zip was built for 2; the file does not belong to this model",
                refusal(() -> RunFiles.fits(list, "tokens", 1, 2, Path.of("model.zip"))));
    }

    @Test
    void malformedAndDuplicatedJsonIsOneLineNamingTheFileAndPlace() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"tokens\": [\"a\",\n \"b\"");
        String m = refusal(() -> RunFiles.strings(broken, "tokens", 10));
        assertTrue(m.startsWith(broken + ": not valid JSON (") && m.contains("at line 2, column"), m);
        Path twice = Files.writeString(dir.resolve("twice.json"), "{\"run\": \"a\",\n\"run\": \"b\"}");
        m = refusal(() -> RunFiles.json(twice));
        assertTrue(m.contains("Duplicate field 'run'") && m.contains("line 2"), m);
        Path trailing = Files.writeString(dir.resolve("trailing.json"), "[\"a\"] [\"b\"]");
        assertTrue(refusal(() -> RunFiles.strings(trailing, null, 10)).contains("content after the JSON value"));
        assertTrue(refusal(() -> RunFiles.json(trailing)).contains("not valid JSON"));
        Path notStrings = Files.writeString(dir.resolve("n.json"), "[\"a\", 2]");
        assertTrue(refusal(() -> RunFiles.strings(notStrings, null, 10)).contains("element 2 of the file is not a string"));
    }
}
