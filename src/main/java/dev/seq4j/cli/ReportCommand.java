package dev.seq4j.cli;

import dev.seq4j.ui.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j report}: one self-contained HTML file of a run's or a sweep's pages (docs/ui.md). */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes the pages seq4j ui shows of a run (or of a sweep and its trials) into one HTML file "
                + "that opens offline: curves, config, versions, samples, pictures."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|SWEEP_DIR", description = "a run directory or a sweep directory")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "the HTML file to write")
    Path out;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("report: " + Report.write(dir, out));
        spec.commandLine().getErr().flush();
        return Seq4j.OK;
    }
}
