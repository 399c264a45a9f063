package dev.seq4j.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A run directory. Layout:
 * <pre>
 * config.yaml          the resolved config, every default written out
 * versions.json        seq4j, DL4J, backend and classifier, Java, OS, CPU and GPU
 * metrics.csv          one row per epoch
 * model.zip            the best model so far (DL4J ModelSerializer, with updater state)
 * vocab.json           what the model needs to read and write text (task-specific extras sit beside it)
 * checkpoints/         the latest end-of-epoch checkpoint (DL4J CheckpointListener)
 * learning-curve.png   training and validation loss per epoch
 * summary.json         final metrics; written last, atomically: its presence marks a complete run
 * </pre>
 * Where a run directory is expected, a directory holding {@code best.json} (a sweep) stands for the run it
 * points to.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.yaml";
    public static final String VERSIONS = "versions.json";
    public static final String METRICS = "metrics.csv";
    public static final String MODEL = "model.zip";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String CURVE = "learning-curve.png";
    public static final String SUMMARY = "summary.json";
    /** In a directory of several runs (a sweep): which run to use, as {@code {"run": "relative/path", ...}}. */
    public static final String POINTER = "best.json";
    public static final String POINTER_RUN = "run";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates a new run directory. An existing non-empty directory is refused: earlier runs are never overwritten.
     */
    public static RunDirectory create(Path root) {
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new UserException("--out " + root + ": exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new UserException("--out " + root + ": directory exists and is not empty; "
                            + "choose a new directory (earlier runs are never overwritten)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Files.createDirectories(root.resolve(CHECKPOINTS));
        } catch (IOException e) {
            throw new UserException("--out " + root + ": cannot create directory (" + e.getMessage() + ")");
        }
        return new RunDirectory(root);
    }

    /** {@link #create}s a run directory and writes what every run starts with: the resolved config and the versions. */
    public static RunDirectory start(Path root, dev.seq4j.config.RunConfig config) {
        RunDirectory run = create(root);
        run.writeString(CONFIG, dev.seq4j.config.ConfigLoader.toYaml(config));
        run.writeJson(VERSIONS, Versions.current());
        return run;
    }

    /** Opens a finished run for eval or generate; anything else is a {@link UserException}. */
    public static RunDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UserException(root + ": not a directory (expected a seq4j run directory)");
        }
        if (!Files.exists(root.resolve(CONFIG)) && Files.isRegularFile(root.resolve(POINTER))) {
            Path run = root.resolve(pointedRun(root)).normalize();
            if (!run.startsWith(root.normalize()) || run.equals(root.normalize())) {
                throw new UserException(root.resolve(POINTER) + ": '" + POINTER_RUN + "' must name a directory inside "
                        + root);
            }
            return open(run);
        }
        RunDirectory run = new RunDirectory(root);
        if (!Files.isRegularFile(root.resolve(CONFIG)) || !Files.isRegularFile(root.resolve(MODEL))) {
            throw new UserException(root + ": not a seq4j run directory (no " + CONFIG + " and " + MODEL + ")");
        }
        if (!Files.isRegularFile(root.resolve(SUMMARY))) {
            throw new UserException(root + ": run did not finish (no " + SUMMARY + "); train again");
        }
        return run;
    }

    private static String pointedRun(Path root) {
        try {
            JsonNode run = JSON.readTree(root.resolve(POINTER).toFile()).get(POINTER_RUN);
            if (run == null || !run.isTextual() || run.asText().isBlank() || Path.of(run.asText()).isAbsolute()) {
                throw new UserException(root.resolve(POINTER) + ": no relative '" + POINTER_RUN + "' path in it");
            }
            return run.asText();
        } catch (IOException e) {
            throw new UserException(root.resolve(POINTER) + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** A directory nested in this run (such as an ensemble member's), read without the checks of {@link #open}. */
    public RunDirectory nested(String name) {
        return new RunDirectory(root.resolve(name));
    }

    public Path root() {
        return root;
    }

    public Path path(String name) {
        return root.resolve(name);
    }

    public RunConfig config() {
        try {
            return ConfigLoader.fromYaml(Files.readString(path(CONFIG)));
        } catch (IOException e) {
            throw new UserException(path(CONFIG) + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The run's best model ({@code model.zip}); a file that does not load is a {@link UserException}. */
    public org.deeplearning4j.nn.graph.ComputationGraph model() {
        try {
            return org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(path(MODEL).toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new UserException(path(MODEL) + ": cannot load the model (" + e.getMessage() + ")");
        }
    }

    public JsonNode summary() {
        try {
            return JSON.readTree(path(SUMMARY).toFile());
        } catch (IOException e) {
            throw new UserException(path(SUMMARY) + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** Writes a text file atomically (temporary file, then rename), so a crash never leaves half a file. */
    public void writeString(String name, String text) {
        writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeJson(String name, Object value) {
        try {
            writeBytes(name, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeBytes(String name, byte[] bytes) {
        writeAtomically(path(name), bytes);
    }

    /** Writes {@code file} through a hidden temporary file beside it and one rename: never half a file. */
    public static void writeAtomically(Path file, byte[] bytes) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file of its own format to the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(java.io.File file) throws IOException;
    }

    /** Has {@code writer} write {@code name} to {@link #temporary}, then moves it into place: never half a file. */
    public void writeFile(String name, FileWriter writer) {
        try {
            Path tmp = temporary(name);
            writer.write(tmp.toFile());
            moveAtomically(tmp, path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code name} is written before it is moved into place: hidden, in the same directory. */
    public Path temporary(String name) {
        return root.resolve("." + name + ".tmp");
    }

    /** Moves a finished temporary file into place in one step. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
