package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A sweep directory. Layout:
 * <pre>
 * sweep.yaml        what decides the trials (resolved base, search, space, trials, seed); a rerun must match it
 * base.yaml         the resolved config every trial starts from
 * trials/007/       trial 7: a run directory like train's, plus trial.json, the sweep's record of it
 * logs/007.log      trial 7's console output
 * results.csv       one row per finished trial: swept values, objective, status, epochs, times
 * results.md        the same as a Markdown table, best first
 * plots/KEY.png     the objective against each swept key
 * pruning.json      per-epoch objectives of completed trials, read by running trials for the median rule
 * best.json, best   the best trial: a pointer eval and generate accept, and a link to its run directory
 * </pre>
 * A trial is finished when its {@code trial.json} or its {@code summary.json} exists; anything else in
 * {@code trials/} is an interrupted trial and is run again. The directory is locked while a sweep runs in it
 * ({@link dev.seq4j.run.RunLock}, as a training locks its run directory).
 */
final class SweepDirectory implements AutoCloseable {
    static final String SPEC = "sweep.yaml";
    static final String BASE = "base.yaml";
    static final String TRIALS = "trials";
    static final String LOGS = "logs";
    static final String RECORD = "trial.json";
    static final String RESULTS_CSV = "results.csv";
    static final String RESULTS_MD = "results.md";
    static final String PLOTS = "plots";
    static final String PRUNING = "pruning.json";
    static final String BEST = "best";
    static final String LOCK = dev.seq4j.run.RunLock.FILE;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final int width;
    private final dev.seq4j.run.RunLock lock;
    private final boolean resumed;

    private SweepDirectory(Path root, int trials, dev.seq4j.run.RunLock lock, boolean resumed) {
        this.root = root;
        this.width = Math.max(3, Integer.toString(trials).length());
        this.lock = lock;
        this.resumed = resumed;
    }

    /**
     * Opens {@code root} for {@code spec}: creates it, or resumes it when it holds the same sweep. A directory
     * holding something else, or a different sweep, is refused and left as it is.
     */
    static SweepDirectory open(Path root, SweepSpec spec) {
        JsonNode identity = normalized(spec.identity());
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserException("--out " + root + ": exists and is not a directory");
        }
        boolean resuming = Files.isDirectory(root) && Files.exists(root.resolve(SPEC), LinkOption.NOFOLLOW_LINKS);
        if (resuming) {
            // the directory may come from elsewhere (a colleague's sweep): everything a resumed sweep reads is read
            // and checked now, before the lock file or anything else is written
            checkOwnFiles(root);
            checkSameSweep(root, spec, identity);
            new SweepDirectory(root, spec.trials(), null, true).checkTrials(spec.trials());
        } else if (Files.isDirectory(root) && !onlySkeleton(root)) {
            throw new UserException("--out " + root + ": exists, is not empty and is not a sweep directory; "
                    + "choose a new directory");
        }
        RunDirectory.createOut(root, root);
        // another sweep running here is refused with its PID
        SweepDirectory dir = new SweepDirectory(root, spec.trials(), dev.seq4j.run.RunLock.acquire(root, "--out"),
                Files.exists(root.resolve(SPEC), LinkOption.NOFOLLOW_LINKS));
        try {
            if (dir.resumed) {
                checkSameSweep(root, spec, identity); // again, under the lock
            }
            // sweep.yaml first: from then on a kill leaves a sweep directory that resumes; the rest is rewritten
            dir.write(SPEC, yaml(identity));
            dir.write(BASE, ConfigLoader.toYaml(spec.base()));
            Files.createDirectories(root.resolve(TRIALS));
            Files.createDirectories(root.resolve(LOGS));
            Files.createDirectories(root.resolve(PLOTS));
        } catch (IOException e) {
            dir.close();
            throw new UserException("--out " + root + ": cannot set up the sweep directory (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
        return dir;
    }

    /** Refuses to resume the sweep in {@code root} unless its {@code sweep.yaml} describes {@code spec}'s sweep. */
    private static void checkSameSweep(Path root, SweepSpec spec, JsonNode identity) {
        // with the checks of a user's sweep file: regular, at most 1 MB, valid YAML, no key given twice
        JsonNode earlier = ConfigLoader.readTree(root.resolve(SPEC), "sweep");
        JsonNode now = identity;
        if (spec.search().equals(SweepSpec.RANDOM) && earlier.isObject()
                && spec.trials() >= earlier.path("trials").asInt()) {
            // a random search may grow: its first candidates are the same draws
            now = identity.deepCopy();
            ((ObjectNode) now).set("trials", earlier.get("trials"));
        }
        String diff = difference("", earlier, now);
        if (diff != null) {
            throw new UserException("--out " + root + ": holds a different sweep (" + diff + " changed since "
                    + "it started); choose a new --out or run the same sweep to resume it");
        }
    }

    /** Deepest entry {@link #checkOwnFiles} looks at: {@code trials/007/trial.json}; a trial's run checks its own. */
    private static final int RESUME_DEPTH = 3;

    /**
     * Refuses a sweep directory to resume that holds what a sweep never writes: a symbolic link (other than
     * {@code best}) to a directory or leading out of the sweep or to anything but a regular file, or a FIFO, device or
     * socket. A resumed sweep writes into {@code trials/}, {@code logs/} and {@code plots/} and deletes interrupted
     * trials there, and reads its files back. Reads and writes nothing.
     */
    static void checkOwnFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root, RESUME_DEPTH)) { // links are not followed
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink() && !p.equals(root.resolve(BEST))) { // best: replaced, never followed
                    if (Files.isDirectory(p)) {
                        throw new UserException("--out " + root + ": " + root.relativize(p) + " is a symbolic link "
                                + "to a directory (" + Files.readSymbolicLink(p) + "); a resumed sweep writes and "
                                + "deletes in its own directories, so it must be a directory of the sweep, not a link");
                    }
                    RunFiles.inside(root, p);
                } else if (!a.isSymbolicLink() && !a.isRegularFile() && !a.isDirectory()) {
                    throw new UserException("--out " + root + ": " + root.relativize(p) + " is not a regular file "
                            + "(a FIFO, device or socket); a sweep never writes one, refusing to resume it");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("--out " + root + ": cannot list (" + UserException.firstLine(e) + ")");
        }
    }

    /** Reads every trial's record, summary and config as a resumed sweep would, so that a bad one stops it now. */
    private void checkTrials(int trials) {
        for (int trial = 1; trial <= trials; trial++) {
            record(trial);
            summary(trial);
            if (Files.exists(trialDir(trial).resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
                config(trial);
            }
        }
    }

    /** Empty, or holding only what a sweep killed while creating its directory left (the lock file). */
    private static boolean onlySkeleton(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(LOCK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tree as it reads back from YAML (YAML has no quotes to tell the string "0.1" from the number). */
    private static JsonNode normalized(JsonNode tree) {
        try {
            return ConfigLoader.YAML.readTree(yaml(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first key whose value differs between two trees, or {@code null} when they are equal. */
    static String difference(String path, JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String d = difference(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name));
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!b.has(name)) {
                    return path.isEmpty() ? name : path + "." + name;
                }
            }
            return null;
        }
        boolean same = a == null ? b == null : b != null && (a.equals(b)
                || (a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble()));
        return same ? null : (path.isEmpty() ? "the sweep" : path);
    }

    private static String yaml(JsonNode node) {
        try {
            return ConfigLoader.YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    boolean resumed() {
        return resumed;
    }

    Path path(String name) {
        return root.resolve(name);
    }

    /** Zero-padded trial name, e.g. {@code 007}. */
    String name(int trial) {
        return String.format("%0" + width + "d", trial);
    }

    Path trialDir(int trial) {
        return root.resolve(TRIALS).resolve(name(trial));
    }

    Path log(int trial) {
        return root.resolve(LOGS).resolve(name(trial) + ".log");
    }

    /**
     * The trial's record, when it finished earlier. The files of a sweep directory are read as a run's are
     * ({@link RunFiles}): a regular file inside the sweep, at most {@link RunFiles#MAX_JSON_BYTES}, no key twice.
     */
    Optional<TrialRecord> record(int trial) {
        Path file = trialDir(trial).resolve(RECORD);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        JsonNode tree = RunFiles.json(RunFiles.inside(root, file));
        try {
            return Optional.of(JSON.treeToValue(tree, TrialRecord.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException(file + ": not a valid trial record (" + UserException.firstLine(e) + ")");
        }
    }

    /** The trial's {@code summary.json}, present when the trial's training finished; read as {@link #record} is. */
    Optional<JsonNode> summary(int trial) {
        Path file = trialDir(trial).resolve(RunDirectory.SUMMARY);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(RunFiles.json(RunFiles.inside(root, file)));
    }

    /**
     * The trial's {@code config.yaml} as a tree: a regular file inside the sweep, read with the checks of a user's
     * config file ({@link ConfigLoader#readTree}: at most 1 MB, valid YAML, no key given twice).
     */
    private JsonNode config(int trial) {
        return ConfigLoader.readTree(RunFiles.inside(root, trialDir(trial).resolve(RunDirectory.CONFIG)), "config");
    }

    /** The first swept key whose value in the trial's {@code config.yaml} is not {@code values}', if any. */
    Optional<String> configDifference(int trial, java.util.Map<String, JsonNode> values) {
        if (!Files.exists(trialDir(trial).resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(RunDirectory.CONFIG + " missing");
        }
        JsonNode config = config(trial);
        for (var e : values.entrySet()) {
            JsonNode node = config;
            for (String part : e.getKey().split("\\.")) {
                node = node.path(part);
            }
            if (difference(e.getKey(), node.isMissingNode() ? null : node, e.getValue()) != null) {
                return Optional.of(e.getKey() + " is " + node + ", not " + e.getValue());
            }
        }
        return Optional.empty();
    }

    void writeRecord(TrialRecord record) {
        try {
            Files.createDirectories(trialDir(record.trial()));
            RunDirectory.writeAtomically(trialDir(record.trial()).resolve(RECORD), JSON.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes what an interrupted or failed run of {@code trial} left, so that it can run again from the start.
     * A trial that trained to the end (its summary.json exists) is never removed.
     */
    void clear(int trial) {
        Path dir = trialDir(trial);
        if (!Files.exists(dir)) {
            return;
        }
        if (Files.exists(dir.resolve(RunDirectory.SUMMARY))) {
            throw new IllegalStateException(dir + " holds a finished trial");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the interrupted trial " + dir, e);
        }
    }

    void write(String name, String text) {
        RunDirectory.writeAtomically(root.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    void writeBytes(String name, byte[] bytes) {
        RunDirectory.writeAtomically(root.resolve(name), bytes);
    }

    void writeJson(String name, Object value) {
        try {
            writeBytes(name, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points {@code best} at a trial's run directory, replacing the link in one rename. */
    void linkBest(int trial) {
        Path link = root.resolve(BEST);
        Path tmp = root.resolve("." + BEST + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(TRIALS, name(trial)));
            RunDirectory.moveAtomically(tmp, link);
        } catch (IOException | UnsupportedOperationException e) {
            // best.json is the pointer eval and generate read; the link is a convenience for shells
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
