package dev.seq4j.notebooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every notebook's code cells run in order through JShell in smoke mode; a broken notebook fails the build. */
class NotebooksTest {
    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(found.isEmpty(), "no notebooks found");
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void runs(Path notebook) throws IOException {
        System.setProperty("seq4j.notebook.smoke", "true");
        try {
            NotebookRunner.run(notebook, System.out);
        } finally {
            System.clearProperty("seq4j.notebook.smoke");
        }
    }

    private static Path notebook(Path dir, String... cells) throws IOException {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.length; i++) {
            json.append(i > 0 ? "," : "").append("{\"cell_type\": \"code\", \"source\": [")
                    .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(cells[i]))
                    .append("]}");
        }
        return Files.writeString(dir.resolve("nb.ipynb"), json.append("], \"nbformat\": 4}").toString());
    }

    @Test
    void cellsShareStateAndPrint(@TempDir Path dir) throws IOException {
        // The local execution engine runs snippets in this JVM, so their System.out is ours.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            NotebookRunner.run(notebook(dir, "int x = 20;\nint y = x + 1;", "System.out.println(\"y=\" + (y * 2));"),
                    System.out);
        } finally {
            System.setOut(original);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("y=42"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void compileErrorsAndExceptionsFailNamingTheCell(@TempDir Path dir) throws IOException {
        AssertionError typeError = assertThrows(AssertionError.class, () -> NotebookRunner.run(
                notebook(dir, "int ok = 1;", "int x = \"a\";"), System.out));
        assertTrue(typeError.getMessage().startsWith("nb.ipynb, code cell 2, snippet `int x = \"a\";`"),
                typeError.getMessage());
        AssertionError thrown = assertThrows(AssertionError.class, () -> NotebookRunner.run(
                notebook(dir, "throw new IllegalStateException(\"boom\");"), System.out));
        assertTrue(thrown.getMessage().contains("code cell 1"), thrown.getMessage());
        assertThrows(AssertionError.class, () -> NotebookRunner.run(notebook(dir, "undefinedMethod();"), System.out));
    }

    @Test
    void codeCellsAreReadInOrder(@TempDir Path dir) throws IOException {
        assertEquals(List.of("a();", "b();"), NotebookRunner.codeCells(notebook(dir, "a();", "b();")));
    }
}
