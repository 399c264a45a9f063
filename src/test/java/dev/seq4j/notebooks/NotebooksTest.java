package dev.seq4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(found.isEmpty(), "no notebooks found");
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void runsInSmokeMode(Path notebook) throws IOException {
        String before = System.setProperty(NotebookRunner.SMOKE, "true");
        java.util.Set<Path> tempBefore = temporaryDirectories(notebook);
        try {
            NotebookRunner.run(notebook, System.out);
        } finally {
            if (before == null) {
                System.clearProperty(NotebookRunner.SMOKE);
            } else {
                System.setProperty(NotebookRunner.SMOKE, before);
            }
            // A notebook writes into Files.createTempDirectory("seq4j-<its name>-"); remove what this run made, and
            // nothing of another process's (a test run in another checkout, a run of seq4j itself)
            for (Path made : temporaryDirectories(notebook)) {
                if (!tempBefore.contains(made)) {
                    org.apache.commons.io.FileUtils.deleteDirectory(made.toFile());
                }
            }
        }
    }

    private static java.util.Set<Path> temporaryDirectories(Path notebook) throws IOException {
        String prefix = "seq4j-" + notebook.getFileName().toString().replaceFirst("\\.ipynb$", "") + "-";
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * A notebook shows what a user of the library writes: its code reaches seq4j only through the public API
     * ({@code dev.seq4j.api}, the result records of {@code dev.seq4j.result}, and the {@code RunConfig} that
     * {@code Seq4j.config} returns), never through the packages beneath it.
     */
    @ParameterizedTest
    @MethodSource("notebooks")
    void usesOnlyThePublicApi(Path notebook) throws IOException {
        java.util.regex.Pattern internal = java.util.regex.Pattern.compile(
                "dev\\.seq4j\\.(?!api\\.|result\\.|config\\.RunConfig\\b)[a-z]+[.\\w]*");
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                StringBuilder code = new StringBuilder();
                cell.path("source").forEach(line -> code.append(line.asText()));
                if (cell.path("source").isTextual()) {
                    code.append(cell.path("source").asText());
                }
                java.util.regex.Matcher m = internal.matcher(code);
                assertFalse(m.find(), () -> notebook + " uses " + m.group() + ", which is not public API");
            }
        }
    }

    /** Jupyter picks the kernel from this metadata; a notebook saved under another kernel would not open in IJava. */
    @ParameterizedTest
    @MethodSource("notebooks")
    void isAnIJavaNotebook(Path notebook) throws IOException {
        JsonNode root = JSON.readTree(notebook.toFile());
        assertEquals(4, root.path("nbformat").asInt());
        assertEquals("java", root.path("metadata").path("kernelspec").path("name").asText());
        assertEquals("java", root.path("metadata").path("kernelspec").path("language").asText());
        assertEquals("java", root.path("metadata").path("language_info").path("name").asText().toLowerCase());
    }

    @Test
    void codeCellsAreReadInOrderFromListsAndStrings(@TempDir Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("nbformat", 4);
        ArrayNode cells = root.putArray("cells");
        cells.addObject().put("cell_type", "code").putArray("source").add("a();\n").add("b();");
        cells.addObject().put("cell_type", "markdown").put("source", "# not code");
        cells.addObject().put("cell_type", "code").put("source", "c();");
        Path file = Files.writeString(dir.resolve("nb.ipynb"), JSON.writeValueAsString(root));
        assertEquals(List.of("a();\nb();", "c();"), NotebookRunner.codeCells(file));
    }

    @Test
    void cellsShareStateAndPrint(@TempDir Path dir) throws IOException {
        // The local execution engine runs snippets in this JVM, so their System.out is ours.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            NotebookRunner.run(notebook(dir, "int x = 20;\nint y = x + 1; // two snippets, then a comment",
                    "void show(int v) { System.out.println(\"y=\" + v); }\nshow(y * 2)"), System.out);
        } finally {
            System.setOut(original);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("y=42"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCompileErrorFailsNamingNotebookCellAndSnippet(@TempDir Path dir) {
        AssertionError e = assertThrows(AssertionError.class,
                () -> NotebookRunner.run(notebook(dir, "int ok = 1;", "int x = \"a\";"), System.out));
        assertTrue(e.getMessage().startsWith("nb.ipynb, code cell 2, snippet `int x = \"a\";`: REJECTED: "
                + "incompatible types"), e.getMessage());
    }

    @Test
    void anExceptionFailsNamingItsClassAndMessage(@TempDir Path dir) {
        AssertionError e = assertThrows(AssertionError.class, () -> NotebookRunner.run(
                notebook(dir, "int ok = 1;\nthrow new IllegalStateException(\"boom\");"), System.out));
        assertEquals("nb.ipynb, code cell 1, snippet `throw new IllegalStateException(\"boom\");`: "
                + "threw java.lang.IllegalStateException: boom", e.getMessage());
    }

    @Test
    void undefinedNamesFailEvenInAMethodNeverCalled(@TempDir Path dir) {
        AssertionError called = assertThrows(AssertionError.class,
                () -> NotebookRunner.run(notebook(dir, "undefinedMethod();"), System.out));
        assertTrue(called.getMessage().contains("cannot find symbol"), called.getMessage());
        AssertionError declared = assertThrows(AssertionError.class,
                () -> NotebookRunner.run(notebook(dir, "void f() { undefinedMethod(); }"), System.out));
        assertTrue(declared.getMessage().contains("still refers to undefined method undefinedMethod()"),
                declared.getMessage());
    }

    @Test
    void incompleteCodeAndMagicsFail(@TempDir Path dir) {
        AssertionError incomplete = assertThrows(AssertionError.class,
                () -> NotebookRunner.run(notebook(dir, "int x = 1;\nfor (int i = 0; i < 3; i++) {"), System.out));
        assertTrue(incomplete.getMessage().endsWith("incomplete code"), incomplete.getMessage());
        AssertionError magic = assertThrows(AssertionError.class,
                () -> NotebookRunner.run(notebook(dir, "%maven org.example:lib:1.0"), System.out));
        assertTrue(magic.getMessage().contains("IJAVA_CLASSPATH"), magic.getMessage());
    }

    /** A notebook of code cells, as Jupyter writes it (source as a list of lines). */
    private static Path notebook(Path dir, String... cells) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        ArrayNode list = root.putArray("cells");
        for (String cell : cells) {
            ArrayNode source = list.addObject().put("cell_type", "code").putArray("source");
            cell.lines().forEach(line -> source.add(line + "\n"));
        }
        return Files.writeString(dir.resolve("nb.ipynb"), JSON.writeValueAsString(root));
    }
}
