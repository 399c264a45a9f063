package dev.seq4j.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api.md's examples, compiled with javax.tools against the test classpath and run against {@link TinyRuns}: the
 * run and data paths of the page are replaced by the tiny runs' own, nothing else. Each must compile, run and print
 * what its comment on this class's {@link #EXPECTED} says.
 */
class ApiExamplesTest {
    static final Path PAGE = Path.of("docs/api.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^### ([^\\n]+)\\n\\n```java\\n((?s:.*?))^```");

    /** Per example (its heading), a pattern its whole output must match. */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("Text classification", "pos \\{neg=[0-9.E-]+, pos=[0-9.E-]+}\\nneg 0\\.\\d{3}\\n(pos|neg) 0\\.\\d{3}\\nvalid accuracy 1\\.0000, baseline [01]\\.\\d{4}\\n");
        EXPECTED.put("Time-series classification", "\\S+ of \\[.+]\\n");
        EXPECTED.put("Tagging", "\\[The, old, man, saw, the, saw, \\.] -> \\[\\S+(, \\S+){6}]\\n\\[\\S+(, \\S+){5}]\\n");
        EXPECTED.put("Forecasting", "(2005-\\d\\d -?\\d+\\.\\d\\d\\n){12}(2006-\\d\\d -?\\d+\\.\\d\\d\\n){12}");
        EXPECTED.put("Sequence to sequence", ".*\\n\\[.*, .*]\\n");
        EXPECTED.put("Image captioning", ".* \\(greedy: .*\\)\\n");
        EXPECTED.put("Character language model", "My fellow Americans(.|\\n){200}\\n\\d+\\.\\d{3} bits/char\\n");
        EXPECTED.put("Any run", "textclass run in .+, seed 1\\n\\[neg, pos]\\n");
    }

    @TempDir
    Path dir;

    /** The page's paths, and what each stands for here. */
    static Map<String, Path> paths() {
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put("runs/sentiment", TinyRuns.run("textclass"));
        paths.put("runs/control", TinyRuns.run("seriesclass"));
        paths.put("runs/pos", TinyRuns.run("tagging"));
        paths.put("runs/elec", TinyRuns.run("forecast"));
        paths.put("data/statsmodels/elec_equip.csv", TinyRuns.data("forecast"));
        paths.put("runs/g2p", TinyRuns.run("seq2seq"));
        paths.put("runs/shapes", TinyRuns.run("caption"));
        paths.put("data/shapes/images/test00001.png", TinyRuns.data("caption").resolve("img00000.png"));
        paths.put("runs/small", TinyRuns.run("charlm"));
        return paths;
    }

    @Test
    void everyExampleOfTheApiPageCompilesRunsAndPrintsWhatItShould() throws Exception {
        String page = Files.readString(PAGE);
        Matcher m = BLOCK.matcher(page);
        List<String> headings = new ArrayList<>();
        Map<String, Path> paths = paths();
        while (m.find()) {
            String heading = m.group(1);
            String code = m.group(2);
            for (Map.Entry<String, Path> p : paths.entrySet()) {
                code = code.replace("\"" + p.getKey() + "\"", "\"" + p.getValue().toString().replace("\\", "\\\\") + "\"");
            }
            assertTrue(!code.contains("\"runs/") && !code.contains("\"data/"), heading + ": a path with no tiny stand-in");
            String output = run("Example" + headings.size(), code);
            assertTrue(EXPECTED.containsKey(heading), "no expectation for the example '" + heading + "'");
            assertTrue(output.matches(EXPECTED.get(heading)), heading + " printed:\n" + output);
            headings.add(heading);
        }
        assertEquals(List.copyOf(EXPECTED.keySet()), headings, "the page's examples");
    }

    /** Compiles {@code code} as the body of a method of class {@code name}, runs it, and returns what it printed. */
    private String run(String name, String code) throws Exception {
        Path source = Files.createDirectories(dir.resolve("src")).resolve(name + ".java");
        Files.writeString(source, """
                import dev.seq4j.api.*;
                import dev.seq4j.result.*;
                import java.awt.image.BufferedImage;
                import java.nio.file.Path;
                import java.util.List;
                import javax.imageio.ImageIO;

                public class %s implements java.util.concurrent.Callable<Void> {
                    public Void call() throws Exception {
                %s
                        return null;
                    }
                }
                """.formatted(name, code));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        // surefire runs the tests from a manifest-only jar; the classpath it stands for is in this property
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", classpath, "-d", classes.toString(),
                "-Xlint:all,-path", "-Werror", source.toString());
        assertEquals(0, rc, name + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8) + "\n" + code);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            ((java.util.concurrent.Callable<?>) loader.loadClass(name).getConstructor().newInstance()).call();
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
