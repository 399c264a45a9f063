package dev.seq4j.run;

import dev.seq4j.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of a directory by one process: an operating-system lock ({@code flock}/{@code fcntl} through
 * {@link FileChannel#tryLock()}) on the file {@value #FILE} inside it, which holds the holder's PID. The system
 * releases the lock when the process ends, however it ends (SIGKILL included), so a lock file left behind by a killed
 * process never blocks: only a live holder does. The file itself stays; deleting it would let a third process lock a
 * new file while a second still holds the old one.
 * <p>
 * A JVM cannot hold two locks on one file ({@link OverlappingFileLockException}); the locks this process holds are
 * kept in a table, so that a second attempt from this process gets the same one-line refusal as one from another.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private static final Map<Path, RunLock> HELD = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread owner = Thread.currentThread();

    private RunLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) for this process, or throws a {@link UserException} naming the holder's PID:
     * {@code "<what> <dir>: in use by another seq4j process (PID n); ..."}.
     *
     * @param what how the user named the directory, e.g. {@code --out} or {@code --resume}
     */
    public static RunLock acquire(Path dir, String what) {
        Path key = key(dir);
        if (HELD.containsKey(key)) {
            throw inUse(dir, what, ProcessHandle.current().pid());
        }
        checkLockFile(dir, what);
        FileChannel channel;
        try {
            // never through a link: a crafted directory's .lock -> ~/file would have us write our PID into that file
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UserException(what + " " + dir + ": cannot lock (" + UserException.firstLine(e) + ")");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) { // this process, through another path to the same file
            closeQuietly(channel);
            throw inUse(dir, what, ProcessHandle.current().pid());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserException(what + " " + dir + ": cannot lock (" + UserException.firstLine(e) + ")");
        }
        if (lock == null) {
            closeQuietly(channel);
            throw inUse(dir, what, readPid(dir.resolve(FILE)));
        }
        RunLock held = new RunLock(key, channel, lock);
        if (HELD.putIfAbsent(key, held) != null) { // another thread of this process won the race
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel releases it as well
            }
            closeQuietly(channel);
            throw inUse(dir, what, ProcessHandle.current().pid());
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException e) {
            // the lock holds without the PID; a second process then reports the holder as unknown
        }
        return held;
    }

    /**
     * The PID of the live process holding {@code dir}'s lock (this process's own when it holds it), or empty when no one
     * does. Probes by locking and releasing at once; creates nothing.
     */
    public static OptionalLong holder(Path dir) {
        if (HELD.containsKey(key(dir))) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
        Path file = dir.resolve(FILE);
        if (!isPlainLockFile(file)) {
            return OptionalLong.empty(); // acquire refuses it with its reason
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock probe = channel.tryLock();
            if (probe != null) {
                probe.release();
                return OptionalLong.empty();
            }
            long pid = readPid(file);
            return OptionalLong.of(pid);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | OverlappingFileLockException e) {
            return OptionalLong.empty(); // unreadable or unlockable here: acquire reports it properly
        }
    }

    /** Refuses {@code dir} with the one-line message of {@link #acquire} when a live process holds its lock. */
    public static void checkFree(Path dir, String what) {
        OptionalLong pid = holder(dir);
        if (pid.isPresent()) {
            throw inUse(dir, what, pid.getAsLong());
        }
    }

    /**
     * Releases the lock on {@code dir} that this thread acquired, if any (after a failed run): not one another thread
     * holds, such as the training a refused second attempt collided with.
     */
    public static void releaseIfHeldByThisThread(Path dir) {
        RunLock held = HELD.get(key(dir));
        if (held != null && held.owner == Thread.currentThread()) {
            held.close();
        }
    }

    /**
     * Deletes the lock file, then releases the lock: for a directory that no process may write again (a finished run,
     * which every later train refuses whether it locks the old file or a new one).
     */
    public void closeAndDelete() {
        if (HELD.get(key) == this) {
            try {
                Files.deleteIfExists(key.resolve(FILE));
            } catch (IOException e) {
                // a platform that cannot delete an open file keeps it; it blocks no one once released
            }
        }
        close();
    }

    @Override
    public void close() {
        if (HELD.remove(key, this)) {
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel releases it as well
            }
            closeQuietly(channel);
        }
    }

    /** Largest lock file we write into: it holds a PID and a newline. */
    static final long MAX_LOCK_BYTES = 64;

    /**
     * Refuses a {@value #FILE} that is not one we would have written: a symbolic link, a hard link to another name, a
     * FIFO, device or directory, or a file with more in it than a PID. The lock file is truncated and written, so it must
     * never be the user's data under another name.
     */
    static void checkLockFile(Path dir, String what) {
        Path file = dir.resolve(FILE);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !isPlainLockFile(file)) {
            throw new UserException(what + " " + dir + ": " + FILE + " is not a lock file seq4j wrote (a link, not a "
                    + "regular file, or more than a PID in it); the directory was not made by seq4j, refusing to use it");
        }
    }

    private static boolean isPlainLockFile(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file,
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_LOCK_BYTES) {
                return false;
            }
            try {
                return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() == 1;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return true; // no link counts on this platform
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static UserException inUse(Path dir, String what, long pid) {
        return new UserException(what + " " + dir + ": in use by another seq4j process (PID "
                + (pid > 0 ? Long.toString(pid) : "unknown") + "); wait for it to finish or stop it, then try again");
    }

    /** The PID in a lock file, -1 when it cannot be read. The holder writes it just after locking: wait a little. */
    private static long readPid(Path file) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
