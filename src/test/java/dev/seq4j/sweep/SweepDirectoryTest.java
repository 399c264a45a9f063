package dev.seq4j.sweep;

import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which directories a sweep may start or resume in, and which it must leave alone. */
class SweepDirectoryTest {
    @TempDir
    Path dir;

    private SweepSpec spec(String space) throws Exception {
        Path text = dir.resolve("t.txt");
        if (!Files.exists(text)) {
            Files.writeString(text, dev.seq4j.TinyText.pangram(5));
        }
        return SweepSpec.load(Files.writeString(dir.resolve("s.yaml"), """
                base: {task: charlm, seed: 1, data: {train: %s}}
                %s
                """.formatted(text, space)));
    }

    @Test
    void aSweepResumesInItsOwnDirectoryAndInOneLeftWithOnlyALock() throws Exception {
        SweepSpec spec = spec("space: {train.batchSize: [4, 8], train.epochs: [1, 2]}");
        Path out = dir.resolve("sweep");
        SweepDirectory.open(out, spec).close();
        try (SweepDirectory again = SweepDirectory.open(out, spec)) {
            assertTrue(again.resumed());
        }
        Path killed = Files.createDirectories(dir.resolve("killed"));
        Files.createFile(killed.resolve(SweepDirectory.LOCK));
        try (SweepDirectory started = SweepDirectory.open(killed, spec)) {
            assertTrue(Files.isRegularFile(killed.resolve(SweepDirectory.SPEC)));
            // while it runs, a second sweep in the same directory is refused naming the holder (here, this process)
            UserException second = assertThrows(UserException.class, () -> SweepDirectory.open(killed, spec));
            assertEquals("--out " + killed + ": in use by another seq4j process (PID " + ProcessHandle.current().pid()
                    + "); wait for it to finish or stop it, then try again", second.getMessage());
        }
    }

    @Test
    void reorderedKeysAreADifferentSweepBecauseTheyNumberTheTrialsDifferently() throws Exception {
        Path out = dir.resolve("sweep");
        SweepDirectory.open(out, spec("space: {train.batchSize: [4, 8], train.epochs: [1, 2]}")).close();
        SweepSpec reordered = spec("space: {train.epochs: [1, 2], train.batchSize: [4, 8]}");
        UserException e = assertThrows(UserException.class, () -> SweepDirectory.open(out, reordered));
        assertTrue(e.getMessage().contains("holds a different sweep (order changed"), e.getMessage());
    }

    @Test
    void aRandomSearchMayGrowButNotShrink() throws Exception {
        Path out = dir.resolve("sweep");
        SweepDirectory.open(out, spec("search: random\ntrials: 4\nspace: {train.batchSize: [4, 8]}")).close();
        SweepDirectory.open(out, spec("search: random\ntrials: 6\nspace: {train.batchSize: [4, 8]}")).close();
        SweepSpec fewer = spec("search: random\ntrials: 5\nspace: {train.batchSize: [4, 8]}");
        assertThrows(UserException.class, () -> SweepDirectory.open(out, fewer));
        SweepSpec otherSeed = spec("search: random\ntrials: 8\nseed: 9\nspace: {train.batchSize: [4, 8]}");
        UserException e = assertThrows(UserException.class, () -> SweepDirectory.open(out, otherSeed));
        assertTrue(e.getMessage().contains("(seed changed"), e.getMessage());
    }

    @Test
    void otherDirectoriesAreRefusedAndLeftAsTheyWere() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        UserException e = assertThrows(UserException.class,
                () -> SweepDirectory.open(mine, spec("space: {train.batchSize: [4, 8]}")));
        assertTrue(e.getMessage().contains("is not a sweep directory"), e.getMessage());
        try (var files = Files.list(mine)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aBestPointerMustNameADirectoryInsideTheSweep() throws Exception {
        for (String run : new String[]{".", "../elsewhere", "trials/.."}) {
            Path sweep = Files.createDirectories(dir.resolve("p" + run.hashCode()));
            Files.writeString(sweep.resolve(RunDirectory.POINTER), "{\"run\": \"" + run + "\"}");
            UserException e = assertThrows(UserException.class, () -> RunDirectory.open(sweep), run);
            assertTrue(e.getMessage().contains("must name a directory inside"), e.getMessage());
        }
    }
}
