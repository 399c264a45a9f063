package dev.seq4j.task;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The task tests' way to use a finished run as a user does: the CLI, in process. */
final class Cli {
    private Cli() {
    }

    /** What {@code seq4j args...} printed on standard output; it must succeed. */
    static String out(Object... args) {
        String[] strings = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), strings);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    /** The one-line error of {@code seq4j args...}, without its {@code seq4j: error: } prefix; it must fail with 2. */
    static String error(Object... args) {
        String[] strings = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), strings);
        assertEquals(2, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString().strip().replaceFirst("^seq4j: error: ", "");
    }
}
