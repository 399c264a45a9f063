package dev.seq4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs a notebook's code cells in order through JShell, as the IJava kernel does: each cell is cut into
 * snippets with {@link SourceCodeAnalysis#analyzeCompletion} and each snippet is evaluated in turn.
 *
 * <p>The local execution engine runs snippets in this JVM, on the test classpath: ND4J's native libraries
 * load once for the whole suite, and system properties (the smoke switch) are shared with the notebook.
 * A remote engine would start a second JVM and load ND4J again, seconds per notebook.
 */
final class NotebookRunner {
    /** The system property a notebook reads to shrink its work to a smoke run. */
    static final String SMOKE = "seq4j.notebook.smoke";

    private NotebookRunner() {
    }

    /** The code cells of a notebook, in order; {@code source} may be one string or a list of lines. */
    static List<String> codeCells(Path notebook) throws IOException {
        JsonNode root = new ObjectMapper().readTree(notebook.toFile());
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                JsonNode source = cell.path("source");
                if (source.isArray()) {
                    StringBuilder text = new StringBuilder();
                    source.forEach(line -> text.append(line.asText()));
                    cells.add(text.toString());
                } else {
                    cells.add(source.asText());
                }
            }
        }
        return cells;
    }

    /**
     * Runs every code cell, logging each cell's time to {@code log}. Throws {@link AssertionError} naming the
     * notebook, cell and snippet at the first snippet that is incomplete, does not compile, is left with
     * unresolved references, or throws.
     */
    static void run(Path notebook, PrintStream log) throws IOException {
        List<String> cells = codeCells(notebook);
        try (JShell shell = JShell.builder().executionEngine("local").out(log).err(log).build()) {
            for (String entry : classpath()) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            for (int c = 0; c < cells.size(); c++) {
                long start = System.nanoTime();
                if (cells.get(c).stripLeading().startsWith("%")) {
                    throw new AssertionError(where(notebook, c, cells.get(c)) + "IJava magics (%maven, %jars) are "
                            + "not run here; the kernel gets the project from IJAVA_CLASSPATH");
                }
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(cells.get(c));
                while (info.completeness().isComplete()) {
                    check(shell, notebook, c, info.source(), shell.eval(info.source()));
                    info = analysis.analyzeCompletion(info.remaining());
                }
                if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {  // EMPTY: blank or comments
                    throw new AssertionError(where(notebook, c, info.remaining()) + "incomplete code");
                }
                log.printf("[%s] code cell %d: %.1f s%n", notebook.getFileName(), c + 1,
                        (System.nanoTime() - start) / 1e9);
            }
            // A method may be defined before what it calls; at the end of the notebook nothing may be missing.
            for (Snippet snippet : shell.snippets().toList()) {
                if (snippet instanceof DeclarationSnippet declaration
                        && shell.status(snippet) == Snippet.Status.RECOVERABLE_DEFINED) {
                    throw new AssertionError(notebook.getFileName() + ", snippet `" + snippet.source().strip()
                            + "`: still refers to undefined "
                            + shell.unresolvedDependencies(declaration).collect(Collectors.joining(", ")));
                }
            }
        }
    }

    /** Fails as IJava would show an error: a new snippet that threw, or that is not defined. */
    private static void check(JShell shell, Path notebook, int cell, String source, List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;  // an earlier snippet updated because of this one; its own failure was reported then
            }
            if (event.exception() != null) {
                throw new AssertionError(where(notebook, cell, source) + "threw " + describe(shell, event.exception()),
                        event.exception());
            }
            Snippet snippet = event.snippet();
            if (!event.status().isDefined() || shell.diagnostics(snippet).anyMatch(Diag::isError)) {
                String diagnostics = shell.diagnostics(snippet).map(d -> d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("; "));
                if (snippet instanceof DeclarationSnippet declaration) {
                    String missing = shell.unresolvedDependencies(declaration).collect(Collectors.joining(", "));
                    diagnostics += missing.isEmpty() ? "" : (diagnostics.isEmpty() ? "" : "; ") + "undefined " + missing;
                }
                throw new AssertionError(where(notebook, cell, source) + event.status()
                        + (diagnostics.isEmpty() ? "" : ": " + diagnostics));
            }
        }
    }

    /** JShell wraps what a snippet threw; name the original class as IJava does. */
    private static String describe(JShell shell, JShellException e) {
        if (e instanceof EvalException thrown) {
            return thrown.getExceptionClassName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
        }
        if (e instanceof UnresolvedReferenceException unresolved) {
            return "a call to undefined " + shell.unresolvedDependencies(unresolved.getSnippet())
                    .collect(Collectors.joining(", "));
        }
        return e.toString();
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
