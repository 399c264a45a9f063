package dev.seq4j.cli;

import dev.seq4j.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code seq4j}: parses the command line and delegates; {@link #run} returns the exit code for tests. */
@Command(name = "seq4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Recurrent sequence models on Deeplearning4j: train, evaluate and use them from one config format.",
        subcommands = {TrainCommand.class, BenchCommand.class, InfoCommand.class, EvalCommand.class, GenerateCommand.class, PredictCommand.class, TagCommand.class, ForecastCommand.class, TranslateCommand.class, CaptionCommand.class, SweepCommand.class, ServeCommand.class, UiCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 2 bad input or config, 1 any other failure."})
public final class Seq4j implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /**
     * A command's result: to standard output, or atomically to {@code out} with {@code done} on standard error
     * (so an interrupted command never leaves a half-written file).
     */
    static void emit(CommandSpec command, java.nio.file.Path out, String text, String done) {
        if (out == null) {
            command.commandLine().getOut().print(text);
            command.commandLine().getOut().flush();
        } else {
            dev.seq4j.run.RunDirectory.writeAtomically(out.toAbsolutePath(),
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            command.commandLine().getErr().println(done);
        }
    }

    public static void main(String[] args) {
        // before ND4J loads JavaCPP, which reads them once: its process cap sized from the machine's (or container's)
        // memory when the user set none, so a model too large fails in one line instead of the kernel killing us
        dev.seq4j.train.MemoryBudget.sizeNativeLimits();
        // DL4J writes a memory crash dump into the working directory on out-of-memory; ours is a one-line error.
        if (System.getProperty("org.deeplearning4j.crash.reporting.enabled") == null) {
            System.setProperty("org.deeplearning4j.crash.reporting.enabled", "false");
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given writers and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (needsBackend(args) && dev.seq4j.run.Backend.isCudaBuild() && dev.seq4j.run.Backend.problem() != null) {
            // before ND4J tries to start and prints its own errors: one line saying why and what to do
            err.println("seq4j: failed: " + UserException.oneLine(dev.seq4j.run.Backend.problem()));
            return FAILURE;
        }
        try {
            return commandLine(out, err).execute(args);
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            // ND4J's backend did not start (the CUDA build without a GPU): one line saying why and what to do
            if (dev.seq4j.run.Backend.isStartFailure(e)) {
                err.println("seq4j: failed: " + UserException.oneLine(dev.seq4j.run.Backend.problem()));
                return FAILURE;
            }
            throw e;
        } catch (OutOfMemoryError e) {
            // picocli's handlers see exceptions only; memory limits are the common Error here.
            err.println("seq4j: failed: out of memory (" + UserException.oneLine(e) + "); give the JVM more with "
                    + "SEQ4J_JAVA_OPTS, e.g. \"-Xmx8g -Dorg.bytedeco.javacpp.maxphysicalbytes=16G\"");
            return FAILURE;
        }
    }

    /** Whether the command line runs a command that needs ND4J (not help, version or info, which reports it). */
    static boolean needsBackend(String... args) {
        return args.length > 0 && !java.util.List.of("help", "info").contains(args[0])
                && java.util.Arrays.stream(args).noneMatch(a -> java.util.List.of("-h", "--help", "-V", "--version")
                .contains(a));
    }

    /** The command line with seq4j's writers, error reporting and exit codes. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Seq4j());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("seq4j: error: " + UserException.oneLine(e.getMessage()) + " (see: " + cmd.getCommandSpec().qualifiedName()
                    + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // every message on one line, printable: a library's own may span several (a location, an excerpt, a
            // hint), and ours may quote text from a file someone else made (see UserException)
            if (e instanceof UserException) {
                cmd.getErr().println("seq4j: error: " + UserException.oneLine(e.getMessage()));
                return BAD_INPUT;
            }
            if (dev.seq4j.run.Backend.isStartFailure(e)) {
                cmd.getErr().println("seq4j: failed: " + UserException.oneLine(dev.seq4j.run.Backend.problem()));
                return FAILURE;
            }
            if (e instanceof dev.seq4j.RunException) {
                cmd.getErr().println("seq4j: failed: " + UserException.oneLine(e.getMessage()));
                return FAILURE;
            }
            cmd.getErr().println("seq4j: failed: " + UserException.quote(e.toString()));
            if (System.getenv("SEQ4J_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("seq4j: set SEQ4J_DEBUG=1 for the stack trace");
            }
            return FAILURE;
        });
        return cli;
    }
}
