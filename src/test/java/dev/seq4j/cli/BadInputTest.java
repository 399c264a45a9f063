package dev.seq4j.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}, see its README.md) run through the command line: every
 * case exits 2 with one line on standard error that names the file and line or the config key, before any training,
 * and leaves nothing behind.
 */
class BadInputTest {
    static final String CORPUS = "/bad-input";
    /** Each case directory is named {@code NN-reader-kind}; every reader of the CLI has cases. */
    static final Set<String> READERS = Set.of("config", "charlm", "textclass", "conll", "pairs", "series", "forecast",
            "caption", "sweep");
    /** Cases whose fix lies outside the readers and configs; each names why it is skipped. None at present. */
    static final Map<String, String> KNOWN = Map.of();

    static Path corpus() {
        try {
            return Path.of(BadInputTest.class.getResource(CORPUS).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(corpus())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    // a reader that opened a named pipe would block for ever: a case fails after a minute instead
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void exitsTwoWithOneLineNamingTheProblemAndWritesNothing(String name, @TempDir Path tmp) throws IOException {
        Assumptions.assumeFalse(KNOWN.containsKey(name), () -> name + " skipped: " + KNOWN.get(name));
        Path source = corpus().resolve(name);
        Path dir = tmp.resolve("case");
        Path out = tmp.resolve("out");
        Map<String, String> placeholders = Map.of("${case}", dir.toString(), "${out}", out.toString(),
                "${golden}", corpus().resolveSibling("golden").toString());
        copy(source, dir, placeholders);
        setup(source, dir, placeholders);
        String[] args = substitute(Files.readString(source.resolve("args")), placeholders).strip().split("\\s+");
        List<String> expected = substitute(Files.readString(source.resolve("expect")), placeholders).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertFalse(expected.isEmpty(), name + "/expect lists no substrings");
        Set<String> before = listing(tmp);

        CliTest.Result r = seq4j(args);

        String error;
        try {
            error = r.oneLineError();
        } catch (AssertionFailedError e) {
            throw new AssertionFailedError(name + ": " + e.getMessage(), e);
        }
        for (String part : expected) {
            assertTrue(error.contains(part), name + ": no '" + part + "' in: " + error);
        }
        assertEquals("", r.out(), name + ": nothing on standard output");
        assertFalse(Files.exists(out), name + ": --out " + out + " was created");
        assertEquals(before, listing(tmp), name + ": files were written");
    }

    @Test
    void theCorpusHasAtLeastThirtyCasesCoveringEveryReader() throws IOException {
        List<String> names = cases().toList();
        assertTrue(names.size() >= 30, "cases: " + names.size());
        Set<String> readers = names.stream().map(n -> n.split("-")[1]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(READERS), readers);
        for (String name : names) {
            assertTrue(name.matches("\\d{2,3}-[a-z0-9]+(-[a-z0-9]+)+"), name);
            assertTrue(Files.isRegularFile(corpus().resolve(name).resolve("args")), name + "/args");
            assertTrue(Files.isRegularFile(corpus().resolve(name).resolve("expect")), name + "/expect");
        }
        assertTrue(names.containsAll(KNOWN.keySet()), "skipped cases that do not exist: " + KNOWN.keySet());
    }

    /**
     * Runs a case's optional {@code setup} file in the copied case directory: one step a line, for what git cannot
     * hold (see the corpus README). {@code fifo NAME}, {@code socket NAME}, {@code link NAME TARGET} and
     * {@code sparse NAME BYTES} (a file of that size that takes no disk). A platform without named pipes, Unix sockets
     * or symbolic links skips the case.
     */
    static void setup(Path source, Path dir, Map<String, String> placeholders) throws IOException {
        Path file = source.resolve("setup");
        if (!Files.exists(file)) {
            return;
        }
        List<String> steps = substitute(Files.readString(file), placeholders).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String step : steps) {
            String[] w = step.split("\\s+");
            Path target = dir.resolve(w[1]);
            Files.createDirectories(target.getParent());
            try {
                switch (w[0]) {
                    case "fifo" -> {
                        Process p = new ProcessBuilder("mkfifo", target.toString()).inheritIO().start();
                        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo failed");
                    }
                    case "socket" -> {
                        // bound and closed, the socket file stays: what a program that died leaves behind
                        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                            channel.bind(java.net.UnixDomainSocketAddress.of(target));
                        }
                    }
                    case "link" -> Files.createSymbolicLink(target, Path.of(w[2]));
                    case "sparse" -> {
                        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(target.toFile(), "rw")) {
                            f.setLength(Long.parseLong(w[2]));
                        }
                    }
                    default -> throw new IllegalArgumentException(source + "/setup: unknown step " + step);
                }
            } catch (UnsupportedOperationException | InterruptedException e) {
                Assumptions.abort(source.getFileName() + ": this platform cannot " + step + " (" + e + ")");
            }
        }
    }

    private static String substitute(String text, Map<String, String> placeholders) {
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace(p.getKey(), p.getValue());
        }
        return text;
    }

    /** Copies a case, replacing each placeholder's bytes wherever they occur (files keep their encoding otherwise). */
    private static void copy(Path from, Path to, Map<String, String> placeholders) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                for (Map.Entry<String, String> p : placeholders.entrySet()) {
                    bytes = replace(bytes, p.getKey().getBytes(StandardCharsets.US_ASCII),
                            p.getValue().getBytes(StandardCharsets.UTF_8));
                }
                Files.write(target, bytes);
            }
        }
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        int i = 0;
        while (i < in.length) {
            if (i + what.length <= in.length && Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                out.writeBytes(with);
                i += what.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }

    /** Every path under {@code dir}, with each file's size: what a command must not change. */
    private static Set<String> listing(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            Set<String> out = new TreeSet<>();
            for (Path p : paths.toList()) {
                out.add(dir.relativize(p) + (Files.isRegularFile(p) ? " " + Files.size(p) : "/"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
