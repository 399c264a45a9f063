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
import java.nio.file.AccessDeniedException;
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
 * steps.csv            a row every train.logEvery minibatches, appended as training goes (dev.seq4j.train.StepsFile)
 * train.log            the console's lines of every train command that ran here (data summary, epochs, results)
 * model.zip            the best model so far (DL4J's zip format without Java serialization, see ModelFile); none in a
 *                      run that trains no network (model.forecaster: ets or theta)
 * vocab.json           what the model needs to read and write text (task-specific extras sit beside it)
 * checkpoints/         the latest end-of-epoch checkpoint, epoch-NNNN/ (see dev.seq4j.train.Checkpoint)
 * learning-curve.png   training and validation loss per epoch
 * summary.json         final metrics; written last, atomically: its presence marks a complete run
 * </pre>
 * Where a run directory is expected, a directory holding {@code best.json} (a sweep) stands for the run it
 * points to.
 * <p>
 * Every file is written to a hidden temporary name, synced and renamed into place, so a kill or a full disk leaves
 * the previous version. A training holds the directory's {@link RunLock} ({@code .lock}) from {@link #start} to
 * {@link #finish} (or {@link #close}), so a second {@code train --resume} of the same run is refused rather than
 * writing the same files at once. A directory holding only what a run killed while creating it leaves (its lock file,
 * an empty {@code checkpoints/}, hidden temporary files) counts as empty: {@code train --out} takes it again. Files written before training starts (the config, vocabularies, normalisers) are the run's
 * <em>inputs</em>: models record their SHA-256 and refuse to load beside different ones. A directory reopened by
 * {@link #resume} re-derives them from the data and checks they come out identical instead of replacing them.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.yaml";
    public static final String VERSIONS = "versions.json";
    public static final String METRICS = "metrics.csv";
    public static final String STEPS = "steps.csv";
    public static final String TRAIN_LOG = "train.log";
    public static final String MODEL = "model.zip";
    public static final String CHECKPOINTS = "checkpoints";
    /** Where an ensemble's further members are trained, {@code members/N} ({@link #memberPath}, opened by {@link #member}). */
    public static final String MEMBERS = "members";
    public static final String CURVE = "learning-curve.png";
    public static final String SUMMARY = "summary.json";
    /** A few validation examples and the best model's outputs for them ({@link dev.seq4j.result.Samples}), written before the summary. */
    public static final String SAMPLES = "samples.json";
    /** In a directory of several runs (a sweep): which run to use, as {@code {"run": "relative/path", ...}}. */
    public static final String POINTER = "best.json";
    public static final String POINTER_RUN = "run";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final RunDirectory parent;
    private final boolean resuming;
    private final java.util.Set<String> inputs = new java.util.TreeSet<>();
    /** The config a run extended with {@code --resume --set} is given, written when training starts; else null. */
    private String extendedConfig;
    private boolean training;
    private RunLock lock;

    private RunDirectory(Path root) {
        this(root, null, false);
    }

    private RunDirectory(Path root, RunDirectory parent, boolean resuming) {
        this.root = root;
        this.parent = parent;
        this.resuming = resuming;
    }

    /**
     * Creates a new run directory. An existing directory is refused unless it is empty or holds only what a run
     * killed while creating it left ({@link #checkNew}): earlier runs are never overwritten.
     */
    public static RunDirectory create(Path root) {
        checkNewContents(root);
        createOut(root, root.resolve(CHECKPOINTS));
        return new RunDirectory(root);
    }

    /**
     * Creates {@code dir} (inside or equal to the {@code --out} directory {@code root}) and its missing parents, or
     * fails with one line naming the directory. Permission denied is the usual failure in a container, where the
     * mounted directory belongs to the host user and the image runs as another uid: the line then says which uid
     * this process has and how to run as the directory's owner.
     */
    public static void createOut(Path root, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new UserException("--out " + root + ": cannot create directory " + e.getFile()
                    + ": permission denied" + containerHint());
        } catch (IOException e) {
            throw new UserException("--out " + root + ": cannot create directory (" + e.getMessage() + ")");
        }
    }

    /**
     * In a container (Docker's {@code /.dockerenv}, podman's {@code /run/.containerenv}): who this process is and the
     * options that make it the owner of a bind-mounted directory (docs/docker.md); elsewhere nothing.
     */
    static String containerHint() {
        if (!Files.exists(Path.of("/.dockerenv")) && !Files.exists(Path.of("/run/.containerenv"))) {
            return "";
        }
        String uid;
        try {
            uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            uid = "?";
        }
        return " for uid " + uid + " (run the container as the directory's owner: --user \"$(id -u):$(id -g)\", "
                + "and with rootless podman also --userns=keep-id)";
    }

    /**
     * Refuses {@code root} as a new run directory unless it is absent, empty, or holds only the skeleton a run killed
     * before it wrote its config leaves (see {@link #isSkeleton}); creates nothing. An interrupted run is pointed to
     * {@code train --resume}, a directory another process trains in to that process.
     */
    public static void checkNew(Path root) {
        if (Files.isDirectory(root)) {
            RunLock.checkFree(root, "--out");
        }
        checkNewContents(root);
    }

    private static void checkNewContents(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new UserException("--out " + root + ": exists and is not a directory");
        }
        if (isSkeleton(root)) {
            return;
        }
        if (Files.isRegularFile(root.resolve(CONFIG)) && !Files.exists(root.resolve(SUMMARY))) {
            throw new UserException("--out " + root + ": holds an interrupted run (no " + SUMMARY + "); continue it "
                    + "with seq4j train --resume " + root + ", or choose a new directory");
        }
        throw new UserException("--out " + root + ": directory exists and is not empty; "
                + "choose a new directory (earlier runs are never overwritten)");
    }

    /**
     * Whether {@code root} holds nothing but what a run killed before writing its config leaves: its lock file, an
     * empty {@code checkpoints/} and hidden temporary files ({@code .NAME.tmp}). Nothing of a run is lost by starting
     * it again there.
     */
    static boolean isSkeleton(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean temporary = name.startsWith(".") && name.endsWith(".tmp");
                if (name.equals(RunLock.FILE) || temporary) {
                    continue;
                }
                if (!name.equals(CHECKPOINTS) || !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                try (Stream<Path> inside = Files.list(p)) {
                    if (!inside.allMatch(c -> c.getFileName().toString().startsWith(".")
                            && c.getFileName().toString().endsWith(".tmp"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new UserException(root + ": cannot list (" + UserException.firstLine(e) + ")");
        }
    }

    /**
     * {@link #create}s a run directory and writes what every run starts with: the resolved config and the versions.
     * The directory is locked until {@link #finish} or {@link #close}.
     */
    public static RunDirectory start(Path root, dev.seq4j.config.RunConfig config) {
        return start(root, config, null);
    }

    /**
     * As {@link #start(Path, dev.seq4j.config.RunConfig)}, for a run that starts from another run's weights: its
     * {@code versions.json} says where from ({@code init}); {@code origin} may be {@code null}.
     */
    public static RunDirectory start(Path root, dev.seq4j.config.RunConfig config,
                                     dev.seq4j.result.Origin origin) {
        checkNew(root);
        createOut(root, root);
        RunLock lock = RunLock.acquire(root, "--out");
        try {
            checkNewContents(root); // again, now that no one else can start a run here
            deleteTemporaries(root); // a killed start's
            RunDirectory run = create(root);
            run.lock = lock;
            run.writeString(CONFIG, dev.seq4j.config.ConfigLoader.toYaml(config));
            run.writeJson(VERSIONS, withOrigin(Versions.current(), origin));
            return run;
        } catch (IOException e) {
            lock.close();
            throw new UserException("--out " + root + ": cannot list (" + UserException.firstLine(e) + ")");
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Refuses {@code root} for {@code train --resume} unless it is a run directory that did not finish; creates and
     * writes nothing. A directory a run was killed in before it wrote its config is pointed to {@code train --out}.
     */
    public static void checkResumable(Path root) {
        checkResumable(root, false);
    }

    /**
     * As {@link #checkResumable(Path)}; with {@code extending} ({@code train --resume RUN --set train.epochs=N}) a
     * finished run is taken too.
     */
    public static void checkResumable(Path root, boolean extending) {
        if (!Files.isDirectory(root)) {
            throw new UserException("--resume " + root + ": not a directory");
        }
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            boolean started = Files.exists(root.resolve(RunLock.FILE)) || Files.isDirectory(root.resolve(CHECKPOINTS));
            if (started && isSkeleton(root)) {
                throw new UserException("--resume " + root + ": the run was stopped before it wrote its " + CONFIG
                        + " (nothing was trained); start it again with seq4j train CONFIG --out " + root);
            }
            throw new UserException("--resume " + root + ": not a seq4j run directory (no " + CONFIG + ")");
        }
        if (!extending && Files.exists(root.resolve(SUMMARY))) {
            throw new UserException("--resume " + root + ": the run already finished (it has " + SUMMARY
                    + "); to train it further give it more with --set train.epochs=N (or train.maxMinutes, "
                    + "train.patience), or start a new run");
        }
        checkOwnFiles(root);
    }

    /** Deepest entry {@link #checkOwnFiles} looks at: {@code members/N/checkpoints/epoch-NNNN/state.json}. */
    private static final int RESUME_DEPTH = 5;

    /**
     * Refuses a run to resume that holds what seq4j never writes into one: a symbolic link to a directory (or one
     * named {@code checkpoints}, {@code members} or {@code members/N}, whatever it leads to), a link leading out of
     * the run or to anything but a regular file, or a FIFO, device or socket. A resumed run writes into its
     * directories and deletes its older checkpoints there, so a linked {@code checkpoints/} would have it write and
     * delete outside the run; it reads its files back, so a FIFO would block it. Reads and writes nothing.
     */
    static void checkOwnFiles(Path root) {
        RunLock.checkLockFile(root, "--resume"); // its own reason first: a linked .lock is a foreign lock file
        try (Stream<Path> walk = Files.walk(root, RESUME_DEPTH)) { // links are not followed
            for (Path p : walk.toList()) {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    Path parent = root.relativize(p).getParent();
                    String name = p.getFileName().toString();
                    boolean written = name.equals(CHECKPOINTS) || name.equals(MEMBERS)
                            || (parent != null && parent.getFileName().toString().equals(MEMBERS));
                    if (written || Files.isDirectory(p)) {
                        throw new UserException("--resume " + root + ": " + root.relativize(p) + " is a symbolic "
                                + "link to a directory (" + Files.readSymbolicLink(p) + "); a resumed run writes and "
                                + "deletes checkpoints in its own directories, so it must be a directory of the run, "
                                + "not a link");
                    }
                    RunFiles.inside(root, p);
                } else if (!a.isRegularFile() && !a.isDirectory()) {
                    throw new UserException("--resume " + root + ": " + root.relativize(p) + " is not a regular "
                            + "file (a FIFO, device or socket); seq4j never writes one into a run, refusing to "
                            + "resume it");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("--resume " + root + ": cannot list (" + UserException.firstLine(e) + ")");
        }
    }

    /**
     * Reopens an unfinished run to continue its training: it must hold the same config and no {@code summary.json}.
     * Training then continues from its latest checkpoint (or from the start when none was written yet). The directory
     * is locked until {@link #finish} or {@link #close}.
     */
    public static RunDirectory resume(Path root, dev.seq4j.config.RunConfig config) {
        return resume(root, config, false);
    }

    /**
     * As {@link #resume(Path, RunConfig)}; when {@code extending}, the run may have finished and {@code config} is its
     * own with more epochs, minutes or patience. Until training starts ({@link #startTraining}: the data read again and
     * found the same) nothing changes; then {@code summary.json} goes (the run is unfinished again, and a kill leaves
     * it for {@code --resume}) and the new config is written.
     */
    public static RunDirectory resume(Path root, dev.seq4j.config.RunConfig config, boolean extending) {
        return resume(root, config, extending, null);
    }

    /** As {@link #resume(Path, dev.seq4j.config.RunConfig, boolean)}, for a run started from {@code origin} (or null). */
    public static RunDirectory resume(Path root, dev.seq4j.config.RunConfig config, boolean extending,
                                      dev.seq4j.result.Origin origin) {
        checkResumable(root, extending);
        RunLock lock = RunLock.acquire(root, "--resume");
        try {
            checkResumable(root, extending); // again: the holder that just let go may have finished it
            deleteTemporaries(root); // what the killed process was writing; the previous versions stand
            RunDirectory run = new RunDirectory(root, null, true);
            run.lock = lock;
            if (extending) {
                run.extendedConfig = dev.seq4j.config.ConfigLoader.toYaml(config);
            } else {
                run.writeString(CONFIG, dev.seq4j.config.ConfigLoader.toYaml(config));
            }
            if (!Files.isRegularFile(root.resolve(VERSIONS))) { // killed before it was written
                run.writeJson(VERSIONS, withOrigin(Versions.current(), origin));
            }
            return run;
        } catch (IOException e) {
            lock.close();
            throw new UserException("--resume " + root + ": cannot list (" + UserException.firstLine(e) + ")");
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Deletes the hidden temporaries ({@code .NAME.tmp}) a killed process left directly in {@code dir}. */
    private static void deleteTemporaries(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            left.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp"))
                    .forEach(RunDirectory::deleteQuietly);
        }
    }

    /** Writes {@code summary.json}, which marks the run complete, and lets go of the directory (its lock file gone). */
    public void finish(Object summary) {
        finish(summary, null);
    }

    /** As {@link #finish(Object)}, the summary saying where the run started from ({@code init}) unless that is null. */
    public void finish(Object summary, dev.seq4j.result.Origin origin) {
        writeJson(SUMMARY, withOrigin(summary, origin));
        if (lock != null) {
            lock.closeAndDelete();
            lock = null;
        }
    }

    /** The JSON of {@code value} with an {@code init} object, or {@code value} itself when {@code origin} is null. */
    private static Object withOrigin(Object value, dev.seq4j.result.Origin origin) {
        if (origin == null) {
            return value;
        }
        com.fasterxml.jackson.databind.node.ObjectNode tree = JSON.valueToTree(value);
        tree.set(INIT, JSON.valueToTree(origin));
        return tree;
    }

    /** The key of a fine-tuned run's origin in its summary and versions. */
    public static final String INIT = "init";

    /**
     * Refuses to resume the run in {@code root} when the init run it started from no longer holds the model it copied
     * (its {@code versions.json} records the SHA-256): the inputs it read from there might have changed too.
     */
    public static void checkOrigin(Path root, dev.seq4j.result.Origin origin) {
        Path versions = root.resolve(VERSIONS);
        if (!Files.isRegularFile(versions)) {
            return; // killed before it was written; resume writes it again
        }
        JsonNode recorded = RunFiles.json(RunFiles.inside(root, versions)).path(INIT).path("modelSha256");
        if (recorded.isTextual() && !recorded.asText().equals(origin.modelSha256())) {
            throw new UserException("--resume " + root + ": the run started from " + origin.run() + " whose model.zip "
                    + "has changed since (sha256 " + recorded.asText().substring(0, 12) + "... then, "
                    + origin.modelSha256().substring(0, 12) + "... now); its vocabularies may have too, so the run cannot "
                    + "go on");
        }
    }

    /** Lets go of the directory's lock, if this object holds it; the files stay as they are. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Whether this directory was reopened to continue an interrupted run. */
    public boolean resuming() {
        return resuming;
    }

    /** Where ensemble member {@code m} (2 and up) lives inside its run's directory: {@code members/m}. */
    public static String memberPath(int m) {
        return MEMBERS + "/" + m;
    }

    /**
     * A run directory inside this one (an ensemble member's): created empty, or reopened when this run is resumed.
     * Its inputs are this run's.
     */
    public RunDirectory member(String name) {
        if (resuming && Files.isDirectory(path(name))) {
            try {
                deleteTemporaries(path(name));
            } catch (IOException e) {
                throw new UserException(path(name) + ": cannot list (" + UserException.firstLine(e) + ")");
            }
            return new RunDirectory(path(name), this, true);
        }
        create(path(name));
        return new RunDirectory(path(name), this, resuming);
    }

    /**
     * Marks the start of training and returns the run's inputs: the files written so far (vocabularies, normalisers;
     * not the config, which may be edited, or {@code versions.json}) with their SHA-256, named relative to this
     * directory. Synchronized: an ensemble's members start side by side, each asking its parent, and an extended
     * run's config must be written once (two threads writing it at once clashed on its temporary file).
     */
    public synchronized java.util.Map<String, String> startTraining() {
        training = true;
        if (extendedConfig != null) {
            // the summary first: killed between the two, the run is unfinished under its old config (which stops at
            // once when resumed), never finished under a config that says it trained longer
            try {
                Files.deleteIfExists(path(SUMMARY));
                syncDirectory(root);
            } catch (IOException e) {
                throw new UserException(path(SUMMARY) + ": cannot delete it to extend the run ("
                        + UserException.firstLine(e) + ")");
            }
            writeString(CONFIG, extendedConfig);
            extendedConfig = null;
        }
        java.util.Map<String, String> hashes = new java.util.TreeMap<>();
        if (parent != null) {
            Path up = root.toAbsolutePath().normalize().relativize(parent.root.toAbsolutePath().normalize());
            parent.startTraining().forEach((name, hash) ->
                    hashes.put(up.resolve(name).toString().replace(java.io.File.separatorChar, '/'), hash));
        }
        for (String name : inputs) {
            hashes.put(name, sha256(path(name)));
        }
        return hashes;
    }

    /**
     * Opens a finished run for eval or generate; anything else is a {@link UserException}. Its files may come from
     * anyone: they are read only as regular files inside it (see {@link #input}), and a {@code best.json} pointer must
     * lead to a directory strictly inside this one (symbolic links resolved), at most {@value #MAX_POINTERS} deep.
     */
    public static RunDirectory open(Path root) {
        return open(root, 0);
    }

    /** Most {@code best.json} pointers followed from one directory (a sweep of sweeps is two). */
    static final int MAX_POINTERS = 8;

    private static RunDirectory open(Path root, int hops) {
        if (!Files.isDirectory(root)) {
            throw new UserException(root + ": not a directory (expected a seq4j run directory)");
        }
        if (!Files.exists(root.resolve(CONFIG), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.exists(root.resolve(POINTER), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path pointer = RunFiles.inside(root, root.resolve(POINTER));
            Path run = root.resolve(pointedRun(root, pointer)).normalize();
            // compared as absolute paths: a relative root such as "." normalises to the empty path, which no other
            // relative path starts with
            Path absolute = run.toAbsolutePath().normalize();
            Path absoluteRoot = root.toAbsolutePath().normalize();
            Path real = absolute;
            Path realRoot = absoluteRoot;
            try {
                real = run.toRealPath();
                realRoot = root.toRealPath();
            } catch (IOException e) {
                // a pointer to nothing: refused below or by the next open
            }
            if (!absolute.startsWith(absoluteRoot) || absolute.equals(absoluteRoot) || !real.startsWith(realRoot)
                    || real.equals(realRoot)) {
                throw new UserException(root.resolve(POINTER) + ": '" + POINTER_RUN + "' must name a directory inside "
                        + root);
            }
            if (hops >= MAX_POINTERS) {
                throw new UserException(root.resolve(POINTER) + ": more than " + MAX_POINTERS + " " + POINTER
                        + " pointers in a row");
            }
            return open(run, hops + 1);
        }
        RunDirectory run = new RunDirectory(root);
        boolean model = Files.exists(root.resolve(MODEL), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        // a finished run without a network (a classical forecaster) has no model.zip
        if (!Files.exists(root.resolve(CONFIG), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || !model && !Files.exists(root.resolve(SUMMARY), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException(root + ": not a seq4j run directory (no " + CONFIG + " and " + MODEL + ")");
        }
        run.input(CONFIG);
        if (model) {
            run.input(MODEL);
        }
        if (!Files.exists(root.resolve(SUMMARY), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException(root + ": run did not finish (no " + SUMMARY + "); train again");
        }
        run.input(SUMMARY);
        return run;
    }

    private static String pointedRun(Path root, Path pointer) {
        JsonNode run = RunFiles.json(pointer).get(POINTER_RUN);
        if (run == null || !run.isTextual() || run.asText().isBlank()) {
            throw new UserException(root.resolve(POINTER) + ": no relative '" + POINTER_RUN + "' path in it");
        }
        try {
            if (Path.of(run.asText()).isAbsolute()) {
                throw new UserException(root.resolve(POINTER) + ": no relative '" + POINTER_RUN + "' path in it");
            }
        } catch (java.nio.file.InvalidPathException e) {
            throw new UserException(root.resolve(POINTER) + ": '" + POINTER_RUN + "' is not a path");
        }
        return run.asText();
    }

    /**
     * The file {@code name} of this run, to read: a regular file inside the run (for a nested run, inside the run
     * above it), never a FIFO, device or a symbolic link leading out; else a {@link UserException} naming it.
     *
     * @return its real path (symbolic links resolved), to open: the path that was checked
     */
    public Path input(String name) {
        return RunFiles.inside(top().root, path(name)); // the real path that was checked is the one opened
    }

    /** The outermost run this one is nested in (itself when it is not nested). */
    private RunDirectory top() {
        return parent == null ? this : parent.top();
    }

    /** A directory nested in this run (such as an ensemble member's), read without the checks of {@link #open}. */
    public RunDirectory nested(String name) {
        return new RunDirectory(root.resolve(name), this, false);
    }

    public Path root() {
        return root;
    }

    public Path path(String name) {
        return root.resolve(name);
    }

    public RunConfig config() {
        byte[] bytes = RunFiles.read(input(CONFIG), RunFiles.MAX_TEXT_BYTES);
        return ConfigLoader.fromYaml(path(CONFIG), new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The run's best model ({@code model.zip}), read by {@link ModelFile} (no Java deserialization; refused when it
     * was trained with other inputs than this directory holds); a file that does not load is a {@link UserException}.
     */
    public org.deeplearning4j.nn.graph.ComputationGraph model() {
        ModelFile.Contents c = ModelFile.read(input(MODEL));
        ModelFile.checkInputs(c, top().root);
        return ModelFile.graph(c, false);
    }

    /**
     * The network of the run's best model as its configuration describes it, read without its weights: what the
     * files beside it (vocabularies, labels, normalisers) are checked against before any array is made.
     */
    public ModelFile.Shape shape() {
        return ModelFile.shape(input(MODEL));
    }

    /** The run's {@code summary.json} (read strictly, at most {@link RunFiles#MAX_JSON_BYTES}). */
    public JsonNode summary() {
        return RunFiles.json(input(SUMMARY));
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
        if (checksInput(name)) {
            // the run's file as it is (a regular file inside the run), at most one byte more than it should hold
            try (java.io.InputStream in = RunFiles.open(input(name), bytes.length + 1L)) {
                if (!java.util.Arrays.equals(in.readNBytes(bytes.length + 1), bytes)) {
                    throw changedInput(name);
                }
            } catch (IOException e) {
                throw new UserException(path(name) + ": cannot read (" + UserException.firstLine(e) + ")");
            }
        } else {
            writeAtomically(path(name), bytes);
        }
        noteInput(name);
    }

    /** Whether a write of {@code name} is a resumed run re-deriving an input, to be compared rather than written. */
    private boolean checksInput(String name) {
        // whatever is there (a link, a FIFO) is compared through input(), which refuses all but a regular file inside
        return resuming && !training && !name.equals(VERSIONS)
                && Files.exists(path(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private void noteInput(String name) {
        if (!training && !name.equals(VERSIONS) && !name.equals(CONFIG)) {
            inputs.add(name);
        }
    }

    private UserException changedInput(String name) {
        return new UserException("--resume " + root + ": " + name + " comes out different from the data now than "
                + "when the run started (the data or config changed); resume with the same data, or start a new run");
    }

    /**
     * Writes {@code file} through a hidden temporary file beside it, synced to disk, and one rename: never half a
     * file. A failed write (a full disk) removes the temporary file, leaves the previous version and says which file.
     */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            moveAtomically(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + " (" + e.getMessage() + "); its previous "
                    + "version, if any, is unchanged", e);
        }
    }

    /** Forces {@code file}'s content to disk. */
    public static void sync(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a directory's entries (a rename into it) to disk, where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on every platform or filesystem; the rename itself is still atomic
        }
    }

    /** Deletes a file or a directory tree, ignoring what is already gone. */
    public static void deleteQuietly(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: what remains is a hidden temporary
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file of its own format to the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(java.io.File file) throws IOException;
    }

    /** Has {@code writer} write {@code name} to {@link #temporary}, then moves it into place: never half a file. */
    public void writeFile(String name, FileWriter writer) {
        Path tmp = temporary(name);
        try {
            writer.write(tmp.toFile());
            if (checksInput(name)) {
                boolean same;
                try {
                    same = Files.mismatch(tmp, input(name)) < 0; // a regular file inside the run, never a FIFO
                } finally {
                    Files.delete(tmp);
                }
                if (!same) {
                    throw changedInput(name);
                }
            } else {
                sync(tmp);
                moveAtomically(tmp, path(name));
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + path(name) + " (" + e.getMessage() + "); its previous "
                    + "version, if any, is unchanged", e);
        }
        noteInput(name);
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
