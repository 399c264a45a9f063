package dev.seq4j.data;

import dev.seq4j.UserException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Everything seq4j reads from the user's disk, bounded:
 * <ul>
 * <li><b>only regular files</b>: a named pipe, a device or a socket (or a link to one, such as {@code /dev/zero})
 * is refused by name before it is opened, so nothing blocks on a pipe or streams forever;</li>
 * <li><b>a size limit per file</b> ({@link Limit}), checked before reading and again while reading (a file that grows
 * is cut off at the limit), so an oversized file costs nothing;</li>
 * <li><b>directories walked without surprises</b> ({@link #files}): their regular files in path order, each real
 * file once however many links lead to it. Links to files and directories are followed only while they stay inside
 * the directory given (so a data directory cannot pull in {@code ~/.ssh/id_rsa}); a link out of it (or a broken one)
 * is an error, and a link to a directory already being read ({@code loop -> .}, {@code sub/up -> ..}, a second link to
 * one directory) is skipped, so no walk loops and nothing is read twice.</li>
 * </ul>
 * The path the user gave (a config's {@code data.train}, {@code --data}) is trusted as given: it may itself be a link,
 * to anywhere.
 */
public final class InputFiles {
    /**
     * Default of {@code data.maxFileMB}. It admits the usual 100 MB char-LM corpora (enwik8, text8); reading costs
     * far more than the file (a char LM peaked at 0.3 GB + 16.5 bytes per byte of text, text classification at 32,
     * measured from 10 to 100 MB; DEVELOPERS.md, "Bounded inputs"), so a file at the limit already needs a heap above
     * the default of a 16 GB machine, and an accidental multi-gigabyte file is refused at once.
     */
    public static final int DEFAULT_MAX_MB = 256;
    /** A Java array, and so a file read whole, holds at most 2^31 - 1 bytes. */
    public static final int MAX_MB = 2047;
    private static final long MIB = 1L << 20;

    private InputFiles() {
    }

    /**
     * The most bytes one input file may have.
     *
     * @param bytes   the limit
     * @param setting what raises it, for messages ({@code data.maxFileMB}), or {@code null} when nothing does
     */
    public record Limit(long bytes, String setting) {
        /** The default limit of data files, raised with {@code data.maxFileMB}. */
        public static final Limit DATA = megabytes(DEFAULT_MAX_MB, "data.maxFileMB");

        public static Limit megabytes(int megabytes, String setting) {
            return new Limit(megabytes * MIB, setting);
        }

        @Override
        public String toString() {
            return size(bytes);
        }
    }

    /** What a path is, links followed. */
    public enum Kind {
        MISSING("missing"), FILE("a regular file"), DIRECTORY("a directory"), FIFO("a named pipe (FIFO)"),
        CHARACTER_DEVICE("a character device"), BLOCK_DEVICE("a block device"), SOCKET("a socket"),
        OTHER("not a regular file");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** What {@code path} is, following links; never opens it. */
    public static Kind kind(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return Kind.MISSING;
        }
        if (attributes.isRegularFile()) {
            return Kind.FILE;
        }
        if (attributes.isDirectory()) {
            return Kind.DIRECTORY;
        }
        try {
            // st_mode's file type bits (S_IFMT); the "unix" view exists on Linux and macOS
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> Kind.FIFO;
                case 0020000 -> Kind.CHARACTER_DEVICE;
                case 0060000 -> Kind.BLOCK_DEVICE;
                case 0140000 -> Kind.SOCKET;
                default -> Kind.OTHER;
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Kind.OTHER;
        }
    }

    /**
     * Refuses anything at {@code file} but a regular file: missing ("no such file"), a directory, or a pipe, device or
     * socket (named as such, with the link's target when it is a link); {@code key} starts the message.
     */
    public static void checkFile(String key, Path file) {
        Kind kind = kind(file);
        switch (kind) {
            case FILE -> {
            }
            case MISSING -> throw new UserException(key + ": no such file: " + file);
            case DIRECTORY -> throw new UserException(key + ": " + file + " is a directory; give a file");
            default -> throw notRegular(key, file, kind);
        }
    }

    /** The error for a pipe, device or socket: seq4j would block on it or read it forever. */
    public static UserException notRegular(String key, Path file, Kind kind) {
        String target = "";
        if (Files.isSymbolicLink(file)) {
            try {
                target = " (a link to " + file.toRealPath() + ")";
            } catch (IOException e) {
                target = " (a link)";
            }
        }
        return new UserException(key + ": " + file + target + " is " + kind + ", not a regular file; seq4j reads only "
                + "regular files");
    }

    /**
     * The bytes of a regular file of at most {@code limit} bytes. Anything else is a {@link UserException} starting
     * with {@code key}: not a regular file ({@link #checkFile}), larger than the limit (by its size, before reading; or
     * while reading, should it grow), or unreadable.
     */
    public static byte[] read(String key, Path file, Limit limit) {
        checkFile(key, file);
        try {
            long size = Files.size(file);
            if (size > limit.bytes()) {
                throw tooLarge(key, file, size, limit);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = new byte[(int) size];
                int n = in.readNBytes(bytes, 0, bytes.length);
                if (n < bytes.length) {
                    return Arrays.copyOf(bytes, n); // it shrank meanwhile
                }
                int next = in.read();
                if (next < 0) {
                    return bytes;
                }
                // it grows (a log being written, a file system that reports no size): read on up to the limit
                byte[] rest = in.readNBytes((int) Math.min(limit.bytes() - size, Integer.MAX_VALUE - 8 - size));
                if (size + 1 + rest.length > limit.bytes() || in.read() >= 0) {
                    throw tooLarge(key, file, -1, limit);
                }
                byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
                all[bytes.length] = (byte) next;
                System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
                return all;
            }
        } catch (NoSuchFileException e) {
            throw new UserException(key + ": no such file: " + file);
        } catch (IOException e) {
            throw new UserException(key + ": cannot read " + file + " (" + UserException.oneLine(e) + ")");
        }
    }

    private static UserException tooLarge(String key, Path file, long size, Limit limit) {
        String shown = size(size);
        if (shown.replace(".0 ", " ").equals(limit.toString())) {
            shown += String.format(Locale.ROOT, " (%,d bytes)", size); // just over: the rounded sizes look equal
        }
        String what = size >= 0 ? "is " + shown + ", over" : "grew past";
        String raise;
        if (limit.setting() == null) {
            raise = "";
        } else if (key.startsWith("--")) {
            raise = "; raise " + limit.setting() + " in the run's config.yaml if the machine has the memory, or split it";
        } else {
            raise = "; raise " + limit.setting() + " if the machine has the memory (e.g. --set " + limit.setting() + "="
                    + (size < 0 ? Math.max(1, limit.bytes() / MIB) * 2 : (size + MIB - 1) / MIB) + "), or split it";
        }
        return new UserException(key + ": " + file + " " + what + " the limit of " + limit + " per input file" + raise);
    }

    /** A size for people: bytes, KiB, MiB or GiB with one decimal. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int u = -1;
        while (value >= 1024 && u < units.length - 1) {
            value /= 1024;
            u++;
        }
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value)) + " " + units[u];
    }

    /**
     * The file itself, or the regular files of a directory (and of its subdirectories when {@code recursive}) in
     * path order, walked as the class comment says. A missing path, an empty directory, a pipe, device or socket, a
     * broken link or a link out of the directory is a {@link UserException} naming {@code key}.
     */
    public static List<Path> files(String key, Path path, boolean recursive) {
        return files(key, path, recursive, p -> true);
    }

    private static List<Path> files(String key, Path path, boolean recursive, Predicate<Path> wanted) {
        Kind kind = kind(path);
        if (kind == Kind.MISSING) {
            throw new UserException(key + ": no such file: " + path);
        }
        if (kind != Kind.DIRECTORY) {
            checkFile(key, path);
            return List.of(path);
        }
        List<Path> out = list(key, path, recursive, wanted);
        if (out.isEmpty()) {
            throw new UserException(key + ": directory has no files: " + path);
        }
        return out;
    }

    /**
     * The regular files of directory {@code dir} that {@code wanted} accepts, walked as {@link #files} walks (an
     * unwanted entry is never looked at further), in path order; possibly none.
     */
    public static List<Path> list(String key, Path dir, boolean recursive, Predicate<Path> wanted) {
        List<Path> out = new ArrayList<>();
        try {
            Path root = dir.toRealPath();
            new Walk(key, dir, root, recursive, wanted, out).directory(dir, root);
        } catch (IOException e) {
            throw new UserException(key + ": cannot list " + dir + " (" + UserException.oneLine(e) + ")");
        }
        return out.stream().sorted().toList();
    }

    /** One directory walk: the real directories entered and the real files taken so far. */
    private record Walk(String key, Path given, Path root, boolean recursive, Predicate<Path> wanted, List<Path> out,
                        Set<Path> directories, Set<Path> seen) {
        Walk(String key, Path given, Path root, boolean recursive, Predicate<Path> wanted, List<Path> out) {
            this(key, given, root, recursive, wanted, out, new HashSet<>(), new HashSet<>());
        }

        void directory(Path dir, Path real) throws IOException {
            directories.add(real);
            List<Path> entries;
            try (Stream<Path> list = Files.list(dir)) {
                entries = list.sorted().toList();
            }
            for (Path entry : entries) {
                boolean link = Files.isSymbolicLink(entry);
                Path target;
                try {
                    target = entry.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new UserException(key + ": " + entry + " is a broken link (to "
                            + Files.readSymbolicLink(entry) + ")");
                }
                if (link && !target.startsWith(root)) {
                    throw new UserException(key + ": " + entry + " is a link out of " + given + " (to " + target
                            + "); links in a data directory may only point inside it: copy the file in, or give its "
                            + "path itself");
                }
                Kind kind = kind(entry);
                if (kind == Kind.DIRECTORY) {
                    // a link back to a directory of this walk (loop -> ., up -> ..) or to one already read adds nothing
                    if (recursive && !directories.contains(target)) {
                        directory(entry, target);
                    }
                } else if (wanted.test(entry)) {
                    if (kind != Kind.FILE) {
                        throw notRegular(key, entry, kind);
                    }
                    if (seen.add(target)) {
                        out.add(entry);
                    }
                }
            }
        }
    }
}
