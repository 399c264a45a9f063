package dev.seq4j.data;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputFilesTest {
    @TempDir
    Path dir;

    private static void link(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }
    }

    private static void fifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "no mkfifo here");
    }

    private String error(java.util.function.Supplier<?> read) {
        return assertThrows(UserException.class, read::get).getMessage();
    }

    @Test
    void aDirectoryWalkReadsEachRealFileOnceThroughCyclesAndDuplicateLinks() throws Exception {
        // issue 23, case 6: DataVec's FileSplit followed loop -> . 41 times over
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a");
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("sub/b.txt"), "b");
        link(data.resolve("loop"), Path.of("."));              // a cycle to the directory itself
        link(data.resolve("sub/up"), Path.of(".."));           // and to it from below
        link(data.resolve("dup.txt"), Path.of("a.txt"));       // a second name for a file
        link(data.resolve("alias"), Path.of("sub"));           // a second name for a directory, met first
        List<Path> files = InputFiles.files("data.train", data, true);
        // name order: alias/ comes before sub/, so b.txt is read through the alias, and once
        assertEquals(List.of(data.resolve("a.txt"), data.resolve("alias/b.txt")), files);
        Set<Path> real = files.stream().map(p -> {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collect(Collectors.toSet());
        assertEquals(Set.of(data.resolve("a.txt").toRealPath(), data.resolve("sub/b.txt").toRealPath()), real);
        // without recursion, only the top level's files
        assertEquals(List.of(data.resolve("a.txt")), InputFiles.files("data.train", data, false));
    }

    @Test
    void linksOutOfTheDirectoryAndBrokenLinksAreRefusedNamingThem() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s");
        link(data.resolve("b.txt"), secret);
        assertEquals("data.train: " + data.resolve("b.txt") + " is a link out of " + data + " (to " + secret.toRealPath()
                + "); links in a data directory may only point inside it: copy the file in, or give its path itself",
                error(() -> InputFiles.files("data.train", data, true)));
        Files.delete(data.resolve("b.txt"));
        link(data.resolve("c.txt"), data.resolve("gone.txt"));
        assertEquals("data.train: " + data.resolve("c.txt") + " is a broken link (to " + data.resolve("gone.txt") + ")",
                error(() -> InputFiles.files("data.train", data, true)));
        // the path given itself is trusted: a link to a file elsewhere is read
        link(dir.resolve("given.txt"), secret);
        assertArrayEquals("s".getBytes(), InputFiles.read("data.train", dir.resolve("given.txt"), InputFiles.Limit.DATA));
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void pipesDevicesAndSocketsAreRefusedByWhatTheyAreWithoutOpeningThem() throws Exception {
        Path pipe = dir.resolve("pipe");
        fifo(pipe);
        assertEquals(InputFiles.Kind.FIFO, InputFiles.kind(pipe));
        assertEquals("data.train: " + pipe + " is a named pipe (FIFO), not a regular file; seq4j reads only regular files",
                error(() -> InputFiles.read("data.train", pipe, InputFiles.Limit.DATA)));
        Path zero = dir.resolve("zero");
        link(zero, Path.of("/dev/zero"));
        assertEquals(InputFiles.Kind.CHARACTER_DEVICE, InputFiles.kind(zero));
        assertEquals("--data: " + zero + " (a link to /dev/zero) is a character device, not a regular file; seq4j reads "
                + "only regular files", error(() -> InputFiles.read("--data", zero, InputFiles.Limit.DATA)));
        Path socket = dir.resolve("socket");
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertEquals(InputFiles.Kind.SOCKET, InputFiles.kind(socket));
        // inside a directory too, where DataVec's FileSplit skipped them silently
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a");
        fifo(data.resolve("b.txt"));
        assertEquals("data.train: " + data.resolve("b.txt") + " is a named pipe (FIFO), not a regular file; seq4j reads "
                + "only regular files", error(() -> InputFiles.files("data.train", data, true)));
    }

    @Test
    void aFileIsReadUpToItsLimitAndRefusedPastIt() throws Exception {
        InputFiles.Limit limit = InputFiles.Limit.megabytes(1, "data.maxFileMB");
        Path exact = dir.resolve("exact.txt");
        Files.write(exact, new byte[1 << 20]);
        assertEquals(1 << 20, InputFiles.read("data.train", exact, limit).length);
        Path over = dir.resolve("over.txt");
        try (RandomAccessFile f = new RandomAccessFile(over.toFile(), "rw")) {
            f.setLength((1 << 20) + 1);
        }
        assertEquals("data.train: " + over + " is 1.0 MiB (1,048,577 bytes), over the limit of 1 MiB per input file; raise data.maxFileMB if "
                        + "the machine has the memory (e.g. --set data.maxFileMB=2), or split it",
                error(() -> InputFiles.read("data.train", over, limit)));
        // a run's file given on the command line: the key is the run's own
        assertEquals("--data: " + over + " is 1.0 MiB (1,048,577 bytes), over the limit of 1 MiB per input file; raise data.maxFileMB in "
                        + "the run's config.yaml if the machine has the memory, or split it",
                error(() -> InputFiles.read("--data", over, limit)));
    }

    @Test
    void aFileThatReportsNoSizeIsStillReadOnlyUpToTheLimit() {
        // /proc files are regular and report size 0, like a file still being written: the size check cannot see them
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isRegularFile(status), "no /proc here");
        assertTrue(new String(InputFiles.read("data.train", status, InputFiles.Limit.DATA)).contains("VmRSS"));
        InputFiles.Limit tiny = new InputFiles.Limit(10, "data.maxFileMB");
        assertEquals("data.train: " + status + " grew past the limit of 10 bytes per input file; raise data.maxFileMB "
                + "if the machine has the memory (e.g. --set data.maxFileMB=2), or split it",
                error(() -> InputFiles.read("data.train", status, tiny)));
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("512 bytes", InputFiles.size(512));
        assertEquals("1.5 KiB", InputFiles.size(1536));
        assertEquals("600 MiB", InputFiles.size(600L << 20));
        assertEquals("2.5 GiB", InputFiles.size(5L << 29));
    }
}
