package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.ui.RunIndex;
import dev.seq4j.ui.UiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seq4j ui}: the runs and sweeps in a browser, live while they train (docs/ui.md). */
@Command(name = "ui", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"A local, read-only web page of runs and sweeps: the run list, each run's curves (live while it "
                + "trains), config, samples and pictures, comparisons of runs, and sweeps' trials.",
                "Serves http://127.0.0.1:8081/ by default; Ctrl-C stops it.",
                "With --dl4j RUN: DL4J's own training UI (port 9000) over a run trained with train.dl4jStats: true "
                        + "(a build with -Pdl4j-ui)."})
public final class UiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "run or sweep directories, or directories holding them (default: runs and sweeps here)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "8081", paramLabel = "PORT",
            description = "TCP port; 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dl4j", paramLabel = "RUN",
            description = "open RUN's DL4J stats (train.dl4jStats: true) in DL4J's own UI instead, on port 9000 unless "
                    + "--port says otherwise; it listens on every interface")
    Path dl4j;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserException("--port must be in 0..65535, got " + port);
        }
        if (dl4j != null) {
            return dl4j();
        }
        RunIndex index = new RunIndex(directories(dirs));
        int found = index.scan().size();
        UiServer server = UiServer.start(index, host, port);
        spec.commandLine().getErr().printf("seq4j ui: http://%s:%d/ (%d runs and sweeps found; Ctrl-C stops)%n",
                host.contains(":") ? "[" + host + "]" : host, server.port(), found);
        spec.commandLine().getErr().flush();
        Signals.awaitStop("seq4j-ui-stop", server::close);
        return Seq4j.OK;
    }

    /** {@code --dl4j RUN}: DL4J's UI server over the run's stats file, until Ctrl-C. */
    private int dl4j() throws InterruptedException {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (!dirs.isEmpty()) {
            throw new UserException("--dl4j: shows one run, given as its value; leave out the DIR arguments");
        }
        if (parsed.hasMatchedOption("--host")) {
            throw new UserException("--host: DL4J's UI listens on every interface and cannot be bound to one address; "
                    + "leave out --host with --dl4j");
        }
        dev.seq4j.train.Dl4jStats.require("--dl4j");
        Path file = dl4j.resolve(dev.seq4j.train.Dl4jStats.FILE);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException("--dl4j: " + dl4j + " has no " + dev.seq4j.train.Dl4jStats.FILE
                    + "; train the run with train.dl4jStats: true");
        }
        dev.seq4j.train.Dl4jStats.Server server = dev.seq4j.train.Dl4jStats.serve(file,
                parsed.hasMatchedOption("--port") ? port : DL4J_PORT);
        spec.commandLine().getErr().printf("seq4j ui: DL4J's training UI for %s on http://localhost:%d/train/overview "
                + "(it listens on every interface; Ctrl-C stops)%n", dl4j, server.port());
        spec.commandLine().getErr().flush();
        Signals.awaitStop("seq4j-ui-stop", server::close);
        return Seq4j.OK;
    }

    /** DL4J's UI's own default port. */
    static final int DL4J_PORT = 9000;

    /** The directories given, or runs/ and sweeps/ of the working directory where they exist. */
    static List<Path> directories(List<Path> given) {
        if (!given.isEmpty()) {
            return given;
        }
        List<Path> here = new ArrayList<>();
        for (String name : List.of("runs", "sweeps")) {
            if (Files.isDirectory(Path.of(name))) {
                here.add(Path.of(name));
            }
        }
        if (here.isEmpty()) {
            throw new UserException("no runs/ or sweeps/ here; give the directories to show: seq4j ui DIR...");
        }
        return here;
    }
}
