package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user runs it: exit codes, what goes to stdout and stderr, and what is written. */
class CliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;

    record Result(int code, String out, String err) {
        /** Bad input is reported on exactly one line. */
        String oneLineError() {
            assertEquals(2, code, "exit code; stderr: " + err);
            assertEquals(1, err.strip().lines().count(), "one line: " + err);
            assertTrue(err.startsWith("seq4j: error: "), err);
            return err.strip();
        }
    }

    static Result seq4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainTinyRun() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(20));
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 1
                data:
                  train: %s
                  sequenceLength: 20
                model:
                  layers: [16]
                train:
                  epochs: 2
                  maxBatches: 2
                  sampleLength: 30
                """.formatted(text));
        run = dir.resolve("run");
        Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("The ") || r.out().startsWith("\n"), r.out());
        assertTrue(r.err().contains("valid:"), r.err());
    }

    @Test
    void helpAndVersionSucceedEverywhere() {
        Result version = seq4j("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("seq4j "), version.out());
        for (String command : new String[]{"train", "eval", "generate", "predict", "sweep"}) {
            Result help = seq4j(command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().contains("Usage: seq4j " + command), help.out());
            assertEquals(0, seq4j(command, "--version").code(), command);
        }
        assertEquals(2, seq4j().code(), "no subcommand prints usage and fails");
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("disk on fire");
        }
    }

    @Test
    void anyOtherFailureExitsOneWithOneLine() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Seq4j.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        cli.addSubcommand("boom", new Boom());
        cli.setErr(new PrintWriter(err, true)); // reaches the subcommand added after the writers were set
        assertEquals(1, cli.execute("boom"));
        assertEquals("seq4j: failed: java.lang.IllegalStateException: disk on fire", err.toString().lines().findFirst().orElse(""));
    }

    @Test
    void evalPrintsOneJsonObject() throws Exception {
        Result r = seq4j("eval", run.toString(), "--data", dir.resolve("text.txt").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(json.get("bitsPerChar").asDouble() > 0);
        assertEquals(Math.pow(2, json.get("bitsPerChar").asDouble()), json.get("perplexity").asDouble(), 1e-6);
        assertEquals(TinyText.pangram(20).length() - 1, json.get("predicted").asInt());
    }

    @Test
    void generateIsDeterministicForASeed() {
        Result a = seq4j("generate", run.toString(), "--prime", "the ", "--length", "40", "--seed", "3");
        assertEquals(0, a.code(), a.err());
        assertEquals(4 + 40 + 1, a.out().length(), a.out());
        assertEquals(a.out(), seq4j("generate", run.toString(), "--prime", "the ", "--length", "40", "--seed", "3").out());
        assertEquals(0, seq4j("generate", run.toString(), "--top-k", "3", "--temperature", "0.5").code());
    }

    @Test
    void badConfigsExitTwoAndWriteNothing() throws Exception {
        Path out = dir.resolve("never");
        assertTrue(seq4j("train", dir.resolve("missing.yaml").toString(), "--out", out.toString()).oneLineError()
                .contains("missing.yaml: config file not found"));
        assertTrue(seq4j("train", config.toString(), "--set", "model.colour=red", "--out", out.toString())
                .oneLineError().contains("'model.colour'"));
        assertEquals("seq4j: error: config key 'train.batchSize': must be at least 1, got -1",
                seq4j("train", config.toString(), "--set", "train.batchSize=-1", "--out", out.toString()).oneLineError());
        assertTrue(seq4j("train", config.toString(), "--bogus").oneLineError().contains("--bogus"));
        assertFalse(Files.exists(out));
    }

    @Test
    void badDataExitsTwoAndWritesNothing() throws Exception {
        Path out = dir.resolve("never2");
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        Path binary = Files.write(dir.resolve("blob.bin"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        for (Path data : new Path[]{empty, binary, dir.resolve("absent.txt")}) {
            String error = seq4j("train", config.toString(), "--set", "data.train=" + data, "--out", out.toString())
                    .oneLineError();
            assertTrue(error.contains("data.train") && error.contains(data.toString()), error);
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void anExistingRunIsNeverOverwritten() throws Exception {
        byte[] before = Files.readAllBytes(run.resolve("model.zip"));
        assertTrue(seq4j("train", config.toString(), "--out", run.toString()).oneLineError().contains("not empty"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve("model.zip"))));
    }

    @Test
    void directoriesThatAreNotRunsExitTwo() throws Exception {
        Path notRun = Files.createDirectories(dir.resolve("not-a-run"));
        assertTrue(seq4j("eval", notRun.toString(), "--data", config.toString()).oneLineError()
                .contains("not a seq4j run directory"));
        assertTrue(seq4j("generate", notRun.toString()).oneLineError().contains("not a seq4j run directory"));
        assertTrue(seq4j("generate", dir.resolve("nowhere").toString()).oneLineError().contains("not a directory"));
        Path unfinished = Files.createDirectories(dir.resolve("unfinished"));
        Files.copy(run.resolve("config.yaml"), unfinished.resolve("config.yaml"));
        Files.copy(run.resolve("model.zip"), unfinished.resolve("model.zip"));
        assertTrue(seq4j("generate", unfinished.toString()).oneLineError().contains("did not finish"));
        assertTrue(seq4j("eval", run.toString(), "--data", dir.resolve("absent.txt").toString()).oneLineError()
                .contains("--data: no such file"));
        assertTrue(seq4j("generate", run.toString(), "--temperature", "0").oneLineError().contains("--temperature"));
        assertTrue(seq4j("generate", run.toString(), "--length", "-5").oneLineError().contains("--length"));
        assertTrue(seq4j("predict", run.toString(), "--data", config.toString()).oneLineError()
                .contains("predict is for classification runs; this is a charlm run"));
    }

    @Test
    void aBadSweepFileExitsTwoBeforeAnyTrialAndWritesNothing() throws Exception {
        Path out = dir.resolve("no-sweep");
        Path sweep = Files.writeString(dir.resolve("bad-sweep.yaml"), "base: " + config + "\nspace:\n  train.batchSize: [8, -1]\n");
        assertEquals("seq4j: error: " + sweep + ": key 'space.train.batchSize', value -1: config key 'train.batchSize': "
                + "must be at least 1, got -1", seq4j("sweep", sweep.toString(), "--out", out.toString()).oneLineError());
        Files.writeString(sweep, "base: " + config + "\nspace:\n  train.batchSize: []\n");
        assertTrue(seq4j("sweep", sweep.toString(), "--out", out.toString()).oneLineError().contains("has no values"));
        assertTrue(seq4j("sweep", sweep.toString(), "--parallel", "0").oneLineError().contains("--parallel"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aSweepWhoseEveryTrialFailsExitsOneWithTheReasonsRecorded() throws Exception {
        // each value is fine with the base (tbpttLength 0), together they are not: a bad combination, run by no process
        Path out = dir.resolve("failed-sweep");
        Path sweep = Files.writeString(dir.resolve("combo.yaml"), "base: " + config + "\nset: {train.tbpttLength: 10}\n"
                + "space:\n  train.tbpttLength: [4]\n  train.tbpttBackLength: [8]\n");
        Result r = seq4j("sweep", sweep.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("trial 001/1 failed: bad combination: config key 'train.tbpttBackLength'"), r.err());
        assertTrue(r.err().strip().endsWith("seq4j: failed: no trial trained a model; see " + out.resolve("logs")), r.err());
        assertTrue(Files.readString(out.resolve("results.csv")).contains(",failed,"));
    }

    @Test
    void sparkOptionsNeedTheSparkBuildAndSaySo() throws Exception {
        Path out = dir.resolve("spark-run");
        String train = seq4j("train", config.toString(), "--spark", "local[2]", "--out", out.toString()).oneLineError();
        assertTrue(train.contains("--spark: this build has no Spark; build with ./mvnw -B -DskipTests -Pcpu,spark package"),
                train);
        Path sweep = Files.writeString(dir.resolve("spark-sweep.yaml"), "base: " + config + "\nspace: {train.batchSize: [4, 8]}\n");
        String sweepError = seq4j("sweep", sweep.toString(), "--spark", "local[2]", "--out", out.toString()).oneLineError();
        assertTrue(sweepError.contains("this build has no Spark"), sweepError);
        String alone = seq4j("train", config.toString(), "--spark-minibatches", dir.toString(), "--out", out.toString())
                .oneLineError();
        assertTrue(alone.contains("--spark-minibatches: only with --spark"), alone);
        assertFalse(Files.exists(out));
    }
}
