package dev.seq4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a notebook's code cells in order through JShell, as the IJava kernel would, on this JVM's classpath.
 * The local execution engine shares this JVM, so ND4J's native libraries load once for all notebooks.
 */
final class NotebookRunner {
    private NotebookRunner() {
    }

    /** The code cells of a notebook, in order. */
    static List<String> codeCells(Path notebook) throws IOException {
        JsonNode root = new ObjectMapper().readTree(notebook.toFile());
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                StringBuilder source = new StringBuilder();
                JsonNode lines = cell.path("source");
                if (lines.isArray()) {
                    lines.forEach(l -> source.append(l.asText()));
                } else {
                    source.append(lines.asText());
                }
                cells.add(source.toString());
            }
        }
        return cells;
    }

    /**
     * Runs every code cell; throws {@link AssertionError} naming the notebook, cell and snippet at the first
     * snippet that is rejected, does not compile or throws.
     */
    static void run(Path notebook, PrintStream out) throws IOException {
        List<String> cells = codeCells(notebook);
        try (JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
            for (String entry : classpath()) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            for (int c = 0; c < cells.size(); c++) {
                String remaining = cells.get(c);
                while (!remaining.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                    if (!info.completeness().isComplete()) {
                        throw new AssertionError(where(notebook, c, remaining) + "incomplete code");
                    }
                    check(shell, notebook, c, info.source(), shell.eval(info.source()));
                    remaining = info.remaining();
                }
            }
        }
    }

    private static void check(JShell shell, Path notebook, int cell, String source, List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.exception() != null) {
                throw new AssertionError(where(notebook, cell, source) + "threw " + event.exception(), event.exception());
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED || shell.diagnostics(snippet).anyMatch(Diag::isError)) {
                String diagnostics = shell.diagnostics(snippet).map(d -> d.getMessage(Locale.ROOT))
                        .reduce((a, b) -> a + "; " + b).orElse("rejected");
                throw new AssertionError(where(notebook, cell, source) + diagnostics);
            }
        }
    }

    private static String where(Path notebook, int cell, String source) {
        return notebook.getFileName() + ", code cell " + (cell + 1) + ", snippet `" + source.strip() + "`: ";
    }

    /** Surefire hides the test classpath behind a manifest-only jar and reports it in this property. */
    private static List<String> classpath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(path.split(File.pathSeparator));
    }
}
