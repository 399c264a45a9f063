package dev.seq4j.bench;

import dev.seq4j.cli.Seq4j;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's bookkeeping: the grid, the FLOP count, the report, one case run through the CLI. */
class BenchTest {
    @Test
    void gridVariesOneSizeAtATimeAroundTheCentre() {
        List<BenchCase> cases = Bench.cases(List.of("lstm"), 256, 32, 100, 64, true, List.of(1));
        assertEquals(7, cases.size());
        assertEquals(BenchCase.CHARLM_256, cases.get(0));
        assertTrue(cases.contains(new BenchCase("lstm", 512, 32, 100, 64, 1)));
        assertTrue(cases.contains(new BenchCase("lstm", 256, 128, 100, 64, 1)));
        assertTrue(cases.contains(new BenchCase("lstm", 256, 32, 50, 64, 1)));
        assertEquals(2, Bench.cases(List.of("lstm", "gru"), 256, 32, 100, 64, false, List.of(1)).size());
    }

    @Test
    void flopsCountTheGatesAsThePeerDoes() {
        // 3 (forward + backward) x 2 x 4 gates x 256 x (64 + 256) x 3200 tokens + the softmax layer
        assertEquals(3.0 * 2 * 4 * 256 * 320 * 3200 + 3.0 * 2 * 256 * 64 * 3200, BenchCase.CHARLM_256.flops(), 1);
        assertEquals(3.0 * 2 * 3 * 256 * 320 * 3200 + 3.0 * 2 * 256 * 64 * 3200,
                BenchCase.CHARLM_256.withCell("gru").flops(), 1);
    }

    @Test
    void tableComparesEachRowWithThePeerOfItsCellAndShape() {
        BenchCase ours = BenchCase.CHARLM_256;
        BenchCase gru = ours.withCell("gru");
        BenchCase lstmPeer = ours.withCell("pytorch_lstm").withThreads(0);
        BenchCase gruPeer = ours.withCell("pytorch_gru").withThreads(0);
        String table = Bench.table(List.of(
                new Bench.Row(ours, new BenchResult("seq4j", 40, 80000, 165, 250, 300, 416, 400, "UseAVX=2, OpenBLAS Haswell"),
                        List.of(40.0, 41.0)),
                new Bench.Row(gru, new BenchResult("seq4j", 30, 60000, 100, 250, 300, 416, 400, "UseAVX=2, OpenBLAS Haswell"),
                        List.of(30.0)),
                new Bench.Row(lstmPeer, new BenchResult("pytorch", 50, 64000, 132, 240, 280, Double.NaN, Double.NaN,
                        "ATen AVX2"), List.of(50.0, 48.0, 70.0)),
                new Bench.Row(gruPeer, new BenchResult("pytorch", 40, 40000, 90, 240, 280, Double.NaN, Double.NaN,
                        "ATen AVX2"), List.of(40.0))));
        assertTrue(table.contains("| lstm | 256 | 32 | 100 | 1 | 40.0 | 40.0 41.0 | 80000 | 165.0 | 250.0 | 66 % | 300 "
                + "| 4.160 -> 4.000 | UseAVX=2, OpenBLAS Haswell | 1.25x | 1.20x |"), table); // best rounds 48 / 40
        assertTrue(table.contains("| gru | 256 | 32 | 100 | 1 | 30.0 | 30.0 | 60000 |"), table);
        assertTrue(table.contains("| UseAVX=2, OpenBLAS Haswell | 1.50x | 1.33x |"), table); // 60000 against 40000
        assertTrue(table.contains("| pytorch_lstm | 256 | 32 | 100 | peer default | 50.0 |"), table);
        // each family's peer after its own rows
        List<String> cells = table.lines().skip(2).map(l -> l.split("\\|")[1].strip()).toList();
        assertEquals(List.of("gru", "pytorch_gru", "lstm", "pytorch_lstm"), cells);
    }

    @Test
    void anIsaLimitReachesBothProcessesAndOnlyTakesInstructionsAway() {
        assertEquals(List.of("-XX:UseAVX=2"), Isa.AVX2.jvmOptions());
        assertEquals("Haswell", Isa.AVX2.environment().get("OPENBLAS_CORETYPE"));
        assertEquals("AVX2", Isa.AVX2.environment().get("ONEDNN_MAX_CPU_ISA"));
        assertEquals("avx2", Isa.AVX2.peerEnvironment().get("ATEN_CPU_CAPABILITY"));
        assertEquals(List.of(), Isa.NATIVE.jvmOptions());
        assertTrue(Isa.NATIVE.peerEnvironment().isEmpty());
        dev.seq4j.UserException e = org.junit.jupiter.api.Assertions.assertThrows(dev.seq4j.UserException.class,
                () -> Isa.AVX512.checkAvailable(List.of("sse2", "avx", "avx2", "fma")));
        assertEquals("--isa avx512: this CPU has no avx512f (a limit can only take instructions away)", e.getMessage());
        Isa.AVX2.checkAvailable(List.of("avx2", "avx512f"));
        assertEquals("--isa: unknown 'avx3', expected native, avx2 or avx512",
                org.junit.jupiter.api.Assertions.assertThrows(dev.seq4j.UserException.class, () -> Isa.of("avx3"))
                        .getMessage());
        assertEquals("avx512", Isa.widest(List.of("avx2", "avx512f")));
    }

    @Test
    void oneCaseRunsInThisJvmAndReportsAParseableLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out), new PrintWriter(err), "bench", "--case", "lstm,8,2,5,4",
                "--warmup", "1", "--warmup-seconds", "0", "--iterations", "3");
        assertEquals(Seq4j.OK, code, err.toString());
        assertTrue(out.toString().startsWith(Bench.RESULT), out.toString());
        assertTrue(out.toString().contains("\"implementation\":\"seq4j\""), out.toString());
        assertTrue(out.toString().contains("\"isa\":\"UseAVX="), out.toString()); // what the process ran with
    }

    @Test
    void thePeerReportsTheMedianOfItsTimedIterationsAfterTheExtraWarmUp(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        // a stand-in for torch: Adam.step sleeps 20 ms, but 300 ms in the peer's own five warm-up iterations and in
        // the iterations after them that SLOW names; the script prints the mean of its timed iterations, as the real
        // ones do
        Path torch = Files.createDirectories(dir.resolve("torch"));
        Files.writeString(torch.resolve("__init__.py"), String.join("\n",
                "import os, time",
                "class Adam:",
                "    calls = 0",
                "    def step(self):",
                "        Adam.calls += 1",
                "        slow = Adam.calls <= 5 or str(Adam.calls - 5) in os.environ['SLOW'].split(',')",
                "        time.sleep(0.3 if slow else 0.02)",
                "class optim:",
                "    Adam = Adam",
                "class __config__:",
                "    @staticmethod",
                "    def show():",
                "        return 'CPU capability usage: AVX2'",
                ""));
        Path script = dir.resolve("peer.py");
        Files.writeString(script, String.join("\n",
                "import sys, time, torch",
                "iters = int(sys.argv[5])",
                "opt = torch.optim.Adam()",
                "for _ in range(5):",
                "    opt.step()",
                "t = time.perf_counter()",
                "for _ in range(iters):",
                "    opt.step()",
                "ms = (time.perf_counter() - t) / iters * 1e3",
                "print(f'{ms:.1f} ms/iter, {3200 / ms * 1e3:.0f} tokens/s, {ms:.2f} GFLOP/s, sgemm1024 99.0 GFLOP/s')",
                ""));
        BenchCase c = new BenchCase("pytorch_lstm", 256, 32, 100, 64, 0);
        TorchPeer peer = new TorchPeer("/usr/bin/python3", script);
        // one slow iteration of five timed ones (after two extra warm-up ones) moves the mean to 76 ms, not the median
        BenchResult r = peer.run(c, new Bench.Timing(2, 0, 5), Isa.NATIVE,
                Map.of("PYTHONPATH", dir.toString(), "SLOW", "6"));
        assertTrue(r.msPerIteration() > 19 && r.msPerIteration() < 60, "median " + r.msPerIteration());
        assertEquals(3200 / r.msPerIteration() * 1e3, r.tokensPerSecond(), 0.02 * r.tokensPerSecond());
        // four slow extra warm-up iterations before three fast timed ones: timed, they would be the median
        BenchResult warm = peer.run(c, new Bench.Timing(4, 0, 3), Isa.NATIVE,
                Map.of("PYTHONPATH", dir.toString(), "SLOW", "1,2,3,4"));
        assertTrue(warm.msPerIteration() < 60, "median " + warm.msPerIteration());
    }

    @Test
    void unknownCellIsABadInputError() {
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "--cells", "tcn");
        assertEquals(Seq4j.BAD_INPUT, code);
        assertTrue(err.toString().contains("unknown cell 'tcn'"), err.toString());
    }
}
