package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.bench.Bench;
import dev.seq4j.bench.BenchCase;
import dev.seq4j.bench.BenchResult;
import dev.seq4j.bench.Isa;
import dev.seq4j.bench.RecurrentBench;
import dev.seq4j.bench.TorchPeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code seq4j bench [--grid] [--cells lstm,lstm_stock,gru] [--threads 1,2] [--isa avx2] [--out FILE]}. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Time recurrent training (forward, backward, Adam) on synthetic one-hot data: the charlm-256 "
                + "case (batch 32 x 100 steps, 64 inputs, LSTM 256, softmax 64) and, with --grid, sizes around it; each "
                + "case in a fresh JVM, interleaved with the PyTorch peer of its cell (LSTM or GRU) where python3 and torch "
                + "are installed.",
                "Cells: lstm (seq4j's LSTM), lstm_stock (DL4J's own LSTM), gru."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cells", split = ",", defaultValue = "lstm,lstm_stock",
            description = "cells to time (default: ${DEFAULT-VALUE})")
    List<String> cells;

    @Option(names = "--hidden", defaultValue = "256", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--batch", defaultValue = "32", description = "sequences per minibatch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", defaultValue = "100", description = "time steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--vocab", defaultValue = "64", description = "one-hot inputs and classes (default: ${DEFAULT-VALUE})")
    int vocab;

    @Option(names = "--grid", description = "also the sizes around the centre, one at a time: half and twice the hidden "
            + "size, half and four times the batch, half and twice the steps")
    boolean grid;

    @Option(names = "--threads", split = ",", defaultValue = "1",
            description = "OMP_NUM_THREADS values to time each case with (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Option(names = "--iterations", defaultValue = "30", description = "timed iterations per case (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "20",
            description = "untimed iterations first, for the JIT to compile the loops (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "6", paramLabel = "S",
            description = "and untimed iterations for at least this long: the JIT compiles the cells' per-step "
                    + "methods for seconds (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds over all cases; the median is reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--peers", defaultValue = "bench", paramLabel = "DIR",
            description = "where the PyTorch peers are: torch_lstm.py for the LSTMs, torch_gru.py for the GRU "
                    + "(default: ${DEFAULT-VALUE})")
    Path peers;

    @Option(names = "--isa", defaultValue = "native", paramLabel = "native|avx2|avx512",
            description = "the vector instructions both sides may use: native (the CPU's), or avx2 or avx512 to "
                    + "measure what such a machine would (the JIT's -XX:UseAVX, OpenBLAS's and oneDNN's kernels, "
                    + "PyTorch's ATEN_CPU_CAPABILITY; default: ${DEFAULT-VALUE})")
    String isaName;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "the Python that runs the peer (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--no-peer", description = "do not run the PyTorch peer")
    boolean noPeer;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the report (Markdown) here")
    Path out;

    @Option(names = "--case", hidden = true, description = "run one case in this JVM: CELL,HIDDEN,BATCH,STEPS,VOCAB")
    String single;

    @Override
    public Integer call() throws Exception {
        for (String cell : cells) {
            if (!List.of("lstm", "lstm_stock", "gru").contains(cell)) {
                throw new UserException("--cells: unknown cell '" + cell + "', expected lstm, lstm_stock or gru");
            }
        }
        if (hidden < 1 || batch < 1 || steps < 1 || vocab < 1 || iterations < 1 || warmup < 0 || rounds < 1
                || !(warmupSeconds >= 0 && warmupSeconds <= 3600)
                || threads.stream().anyMatch(t -> t < 1)) {
            throw new UserException("bench: sizes, --iterations, --rounds and --threads must be positive, "
                    + "--warmup and --warmup-seconds (at most 3600) not negative");
        }
        Isa isa = Isa.of(isaName);
        isa.checkAvailable(Isa.cpuFlags());
        if (single != null) {
            String[] f = single.split(",");
            BenchCase c = new BenchCase(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), 0);
            BenchResult result = RecurrentBench.run(c, warmup, warmupSeconds, iterations);
            spec.commandLine().getOut().println(Bench.resultLine(result));
            spec.commandLine().getOut().flush();
            return Seq4j.OK;
        }
        var err = spec.commandLine().getErr();
        Map<String, TorchPeer> torch = new LinkedHashMap<>();
        for (String family : cells.stream().map(Bench::family).distinct().toList()) {
            if (noPeer) {
                break;
            }
            TorchPeer peer = new TorchPeer(python, peers.resolve("torch_" + family + ".py"));
            Optional<String> why = peer.unavailable();
            if (why.isPresent()) {
                err.println("seq4j: bench: " + family + " without its PyTorch peer: " + why.get());
            } else {
                torch.put(family, peer);
            }
        }
        String machine = Bench.machine(isa);
        err.println("seq4j: bench on " + machine);
        List<Bench.Row> rows = Bench.run(Bench.cases(cells, hidden, batch, steps, vocab, grid, threads),
                new Bench.Timing(warmup, warmupSeconds, iterations), rounds, torch, isa, err);
        String report = "Measured with `seq4j bench " + String.join(" ", spec.commandLine().getParseResult().expandedArgs())
                + "` on " + machine + ". Per case and round: the median of " + iterations + " timed iterations (the peer's too), "
                + "after at least " + warmup + " untimed ones and " + warmupSeconds + " s (the peer: " + warmup
                + " more than its own five); each row is its median round.\n\n" + Bench.table(rows);
        Seq4j.emit(spec, out, report, "seq4j: wrote " + out);
        if (out != null) {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
        }
        return Seq4j.OK;
    }
}
