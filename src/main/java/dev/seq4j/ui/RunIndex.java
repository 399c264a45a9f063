package dev.seq4j.ui;

import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs and sweeps under the directories {@code seq4j ui} (or {@code report}) was given, each by an id made of the
 * directory's name and its path below it ({@code runs/charlm-20261203-101500}, {@code sweeps/lr/trials/003}).
 * A request names an id, never a path: {@link #find} scans again and answers only an id the scan produced, so
 * {@code ..} and symbolic links that lead out of the given directories reach nothing. Read-only: scanning opens no
 * file for writing.
 */
public final class RunIndex {
    /** Most entries listed: far above a shelf of runs, and a bound on a directory with millions of children. */
    static final int MAX_ENTRIES = 20_000;
    private static final Pattern TRIAL = Pattern.compile("\\d{1,6}");

    public enum Kind { RUN, SWEEP }

    /** A run or sweep: {@code dir} lies inside {@code root} (real paths). */
    public record Entry(String id, Kind kind, Path dir) {
    }

    private record Root(String name, Path dir, Path real) {
    }

    private final List<Root> roots = new ArrayList<>();

    /** @param dirs the directories given; each must exist (a one-line error names the one that does not) */
    public RunIndex(List<Path> dirs) {
        Set<String> names = new HashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new UserException(dir + ": not a directory (give run or sweep directories, or directories "
                        + "holding them, such as runs/ and sweeps/)");
            }
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new UserException(dir + ": cannot read (" + e.getMessage() + ")");
            }
            String base = real.getFileName() == null ? "root" : real.getFileName().toString();
            String name = base;
            for (int i = 2; !names.add(name); i++) {
                name = base + "~" + i;
            }
            roots.add(new Root(name, dir, real));
        }
    }

    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS);
    }

    static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve("sweep.yaml"), LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(dir.resolve("trials"), LinkOption.NOFOLLOW_LINKS);
    }

    /** Every run and sweep: a given directory that is one, else its children and grandchildren that are. */
    public List<Entry> scan() {
        List<Entry> found = new ArrayList<>();
        for (Root root : roots) {
            if (!add(found, root, root.dir, root.name)) {
                walk(found, root, root.dir, root.name, 2);
            }
        }
        return found;
    }

    private void walk(List<Entry> found, Root root, Path dir, String id, int depth) {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.limit(MAX_ENTRIES).sorted().toList();
        } catch (IOException | SecurityException e) {
            return; // unreadable: nothing to show from it
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (found.size() >= MAX_ENTRIES || name.startsWith(".") || !inside(root, child)) {
                continue;
            }
            if (!add(found, root, child, id + "/" + name) && depth > 1 && Files.isDirectory(child)) {
                walk(found, root, child, id + "/" + name, depth - 1);
            }
        }
    }

    private static boolean add(List<Entry> found, Root root, Path dir, String id) {
        if (isSweep(dir)) {
            found.add(new Entry(id, Kind.SWEEP, dir));
            return true;
        }
        if (isRun(dir)) {
            found.add(new Entry(id, Kind.RUN, dir));
            return true;
        }
        return false;
    }

    /** Whether {@code path}'s real path (links resolved) lies inside the root's. */
    private static boolean inside(Root root, Path path) {
        try {
            return path.toRealPath().startsWith(root.real);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The entry of {@code id}, or of a trial of a sweep ({@code SWEEP_ID/trials/NNN}); empty when there is none. */
    Optional<Entry> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 4096) {
            return Optional.empty();
        }
        List<Entry> all = scan();
        for (Entry e : all) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        for (Entry e : all) {
            String prefix = e.id + "/trials/";
            if (e.kind == Kind.SWEEP && id.startsWith(prefix) && TRIAL.matcher(id.substring(prefix.length())).matches()) {
                Path trial = e.dir.resolve("trials").resolve(id.substring(prefix.length()));
                Root root = roots.stream().filter(r -> e.id.equals(r.name) || e.id.startsWith(r.name + "/"))
                        .findFirst().orElseThrow();
                if (isRun(trial) && inside(root, trial)) {
                    return Optional.of(new Entry(id, Kind.RUN, trial));
                }
            }
        }
        return Optional.empty();
    }
}
