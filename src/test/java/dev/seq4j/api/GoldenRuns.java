package dev.seq4j.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code src/test/resources/golden/runs-0.1.0/}: a tiny finished run of every task as this version of seq4j
 * writes it (without its checkpoints and plots), the data it was trained on, and {@code expected.json}: what
 * {@code seq4j eval} and the task's own command print for it today. {@link GoldenRunsTest} checks that later
 * versions still load, evaluate and use these runs and print the same. Run it once per format change, from the
 * repository root:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) dev.seq4j.api.GoldenRuns
 * </pre>
 */
public final class GoldenRuns {
    static final Path ROOT = Path.of("src/test/resources/golden/runs-0.1.0");
    static final List<String> TASKS = List.of("charlm", "textclass", "seriesclass", "tagging", "forecast", "seq2seq",
            "caption");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenRuns() {
    }

    /** The command line that uses a run of {@code task} on its data, as the test repeats it. */
    static List<String> use(String task, Path run, Path data) {
        return switch (task) {
            case "charlm" -> List.of("generate", run.toString(), "--prime", "the ", "--length", "40", "--seed", "5");
            case "textclass", "seriesclass" -> List.of("predict", run.toString(), "--data", data.toString());
            case "tagging" -> List.of("tag", run.toString(), "--input", data.toString());
            case "forecast" -> List.of("forecast", run.toString(), "--data", data.toString(), "--horizon", "3");
            case "seq2seq" -> List.of("translate", run.toString(), "--input", data.resolveSibling("sources.txt").toString());
            case "caption" -> List.of("caption", run.toString(), "--input", data.toString());
            default -> throw new IllegalArgumentException(task);
        };
    }

    /** What {@code seq4j args} prints on standard output; it must succeed. */
    static String cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(args + ": " + err);
        }
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        for (String task : TASKS) {
            Path run = TinyRuns.run(task);
            Path data = TinyRuns.data(task);
            Path dir = ROOT.resolve(task);
            copy(run, dir.resolve("run"), p -> !p.startsWith(run.resolve("checkpoints")) && !p.toString().endsWith(".png"));
            Path copied = dir.resolve("data").resolve(data.getFileName()); // what the task's command reads
            Path labelled = copied; // what eval reads
            if (task.equals("caption")) { // the images and the captions.tsv beside them
                copy(data.getParent(), dir.resolve("data"), p -> !p.toString().endsWith(".yaml"));
                labelled = dir.resolve("data/captions.tsv");
            } else {
                copy(data, copied, p -> true);
            }
            if (task.equals("seq2seq")) { // the sources of its pairs, a line each, for translate
                List<String> sources = new ArrayList<>();
                for (String line : Files.readAllLines(copied)) {
                    sources.add(line.split("\t")[0]);
                }
                Files.write(copied.resolveSibling("sources.txt"), sources.subList(0, 8));
            }
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("eval", JSON.readValue(cli(List.of("eval", dir.resolve("run").toString(), "--data",
                    labelled.toString())), Map.class));
            expected.put("output", cli(use(task, dir.resolve("run"), copied)));
            JSON.writeValue(dir.resolve("expected.json").toFile(), expected);
            System.out.println(task + ": " + dir);
        }
    }

    private static void copy(Path from, Path to, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(keep).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
