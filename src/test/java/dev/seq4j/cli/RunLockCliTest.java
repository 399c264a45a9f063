package dev.seq4j.cli;

import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One training process per run directory (issue 23, case 9): {@code train} and {@code train --resume} lock the run, a
 * second process is refused with one line naming the holder's PID and leaves the run as it was, and the lock file a
 * killed process leaves behind blocks no one. Every process here is a real one.
 */
class RunLockCliTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        return Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 5
                data: {train: %s, sequenceLength: 20}
                model: {layers: [24]}
                train: {epochs: 4, batchSize: 8, patience: 0, sampleLength: 10}
                """.formatted(text));
    }

    /** {@code seq4j ARGS} as a child JVM, its output in {@code log}. */
    private static Process child(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.seq4j.cli.Seq4j"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static void signal(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    /** Every file under {@code run} (hidden ones included) with its size and SHA-256. */
    static Map<String, String> snapshot(Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(run)) {
            for (Path p : paths.toList()) {
                out.put(run.relativize(p).toString(), Files.isRegularFile(p)
                        ? Files.size(p) + " " + RunDirectory.sha256(p) : "dir");
            }
        }
        return out;
    }

    private static boolean hasCheckpoint(Path run) throws IOException {
        Path checkpoints = run.resolve(RunDirectory.CHECKPOINTS);
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.anyMatch(p -> p.getFileName().toString().matches("epoch-\\d+"));
        }
    }

    /**
     * A run directory from elsewhere whose {@code .lock} is the user's file under another name (a symbolic link, a hard
     * link) or holds more than a PID: opening it to lock and write the PID would overwrite that file.
     */
    @Test
    void aLockFileThatIsNotOneSeq4jWroteIsRefusedAndItsTargetKept() throws Exception {
        Path config = config();
        Path run = dir.resolve("run");
        CliTest.Result trained = CliTest.seq4j("train", config.toString(), "--out", run.toString(),
                "--set", "train.epochs=1", "--set", "train.maxBatches=1");
        assertEquals(0, trained.code(), trained.err());
        Files.delete(run.resolve(RunDirectory.SUMMARY)); // resumable again
        Path victim = Files.writeString(dir.resolve("precious.txt"), "precious content\n");
        Path lock = run.resolve(RunLock.FILE);
        for (String kind : List.of("symbolic link", "hard link", "large file")) {
            Files.deleteIfExists(lock);
            switch (kind) {
                case "symbolic link" -> Files.createSymbolicLink(lock, victim);
                case "hard link" -> Files.createLink(lock, victim);
                default -> Files.writeString(lock, "12345\n".repeat(20));
            }
            Map<String, String> before = snapshot(run);
            String error = CliTest.seq4j("train", "--resume", run.toString()).oneLineError();
            assertEquals("seq4j: error: --resume " + run + ": .lock is not a lock file seq4j wrote (a link, not a regular "
                    + "file, or more than a PID in it); the directory was not made by seq4j, refusing to use it", error, kind);
            assertEquals("precious content\n", Files.readString(victim), kind);
            assertEquals(before, snapshot(run), kind);
        }
    }

    @Test
    void aSecondTrainingOfARunIsRefusedWithTheHoldersPidAndAKilledHoldersLockBlocksNoOne() throws Exception {
        Path config = config();
        Path run = dir.resolve("run");
        Process holder = child(dir.resolve("holder.log"), "train", config.toString(), "--out", run.toString());
        Process first = null;
        Process second = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!hasCheckpoint(run)) { // epoch-0000 goes once epoch-0001 is written: any will do
                assertTrue(holder.isAlive(), "training ended early: " + Files.readString(dir.resolve("holder.log")));
                assertTrue(System.nanoTime() < deadline, "no checkpoint in 2 minutes");
                Thread.sleep(5);
            }
            signal(holder, "STOP"); // holds the lock, writes nothing while the others try
            Map<String, String> before = snapshot(run);
            String inUse = ": in use by another seq4j process (PID " + holder.pid() + "); wait for it to finish or stop "
                    + "it, then try again";
            assertEquals("seq4j: error: --resume " + run + inUse,
                    CliTest.seq4j("train", "--resume", run.toString()).oneLineError());
            assertEquals("seq4j: error: --out " + run + inUse,
                    CliTest.seq4j("train", config.toString(), "--out", run.toString()).oneLineError());
            assertEquals(before, snapshot(run), "the refused commands left the run as it was");

            holder.destroyForcibly(); // SIGKILL (a stopped process dies too): its lock file stays, its lock does not
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(Long.toString(holder.pid()), Files.readString(run.resolve(RunLock.FILE)).strip());
            assertFalse(Files.exists(run.resolve(RunDirectory.SUMMARY)));

            // two resumes at once, as in the issue: one trains, the other is refused naming it
            first = child(dir.resolve("first.log"), "train", "--resume", run.toString());
            second = child(dir.resolve("second.log"), "train", "--resume", run.toString());
            assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS));
            List<Integer> codes = List.of(first.exitValue(), second.exitValue());
            assertTrue(codes.equals(List.of(0, 2)) || codes.equals(List.of(2, 0)), "exit codes " + codes);
            Process winner = first.exitValue() == 0 ? first : second;
            Path loserLog = dir.resolve(first.exitValue() == 0 ? "second.log" : "first.log");
            String refused = Files.readString(loserLog).strip();
            String last = refused.lines().reduce((a, b) -> b).orElseThrow();
            // a loser slow enough to start after the winner finished is refused for that instead (a loaded machine)
            assertTrue(last.equals("seq4j: error: --resume " + run + ": in use by another seq4j process (PID "
                    + winner.pid() + "); wait for it to finish or stop it, then try again")
                    || last.startsWith("seq4j: error: --resume " + run + ": the run already finished"), refused);
        } finally {
            holder.destroyForcibly();
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroyForcibly();
            }
        }
        assertTrue(Files.exists(run.resolve(RunDirectory.SUMMARY)));
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "a finished run keeps no lock file");
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
        }
    }
}
