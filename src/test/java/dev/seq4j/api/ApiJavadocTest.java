package dev.seq4j.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The API packages' javadoc builds without a warning: the JDK's javadoc tool, run in-process on
 * {@code src/main/java/dev/seq4j/api} and {@code .../result} with every doclint check ({@code -Xdoclint:all -Werror}), against the compiled
 * classes. Offline, and a few seconds, where the Maven javadoc plugin would be a download and a forked tool.
 */
class ApiJavadocTest {
    /** The public API: the typed models, and the records of what runs report. */
    static final List<Path> SOURCES = List.of(Path.of("src/main/java/dev/seq4j/api"),
            Path.of("src/main/java/dev/seq4j/result"));

    @TempDir
    Path out;

    @Test
    void theApiPackagesJavadocHasNoWarnings() throws Exception {
        List<String> files = new ArrayList<>();
        for (Path dir : SOURCES) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(files::add);
            }
        }
        List<String> args = new ArrayList<>(List.of("-Xdoclint:all", "-Werror", "-quiet", "-d", out.toString(),
                "-classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        args.addAll(files);
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = javadoc.run(null, messages, messages, args.toArray(new String[0]));
        String text = messages.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertEquals("", text.strip(), "javadoc warnings");
    }
}
