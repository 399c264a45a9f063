package dev.seq4j.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The console of a training, also written to the run's {@code train.log}: what {@link #writer()} prints goes to the
 * console as before and, once the run directory exists ({@link #attach}), is appended to the log; the lines printed
 * before that (the data summary, made before anything is written) wait in memory and go first. A resumed run appends
 * to the log it finds, so the file holds every session of the run. A log that cannot be written is given up with one
 * warning on the console; training goes on.
 */
public final class ConsoleLog implements AutoCloseable {
    /** Most text kept before the log file exists (a data summary is a few lines). */
    private static final int MAX_PENDING = 1 << 20;

    private final PrintWriter console;
    private final PrintWriter writer;
    private StringBuilder pending = new StringBuilder();
    private Writer file;
    private Path path;

    public ConsoleLog(PrintWriter console) {
        this.console = console;
        this.writer = new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                tee(chars, off, len);
            }

            @Override
            public void flush() {
                flushBoth();
            }

            @Override
            public void close() {
                flushBoth();
            }
        });
    }

    /** Where the training's lines go: the console and the log. */
    public PrintWriter writer() {
        return writer;
    }

    /** From now on the lines go to {@code log} too (appended), after the lines printed so far. */
    public synchronized void attach(Path log) {
        path = log;
        try {
            file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            file.write(pending.toString());
            file.flush();
        } catch (IOException e) {
            giveUp(e);
        }
        pending = null;
    }

    private synchronized void tee(char[] chars, int off, int len) {
        console.write(chars, off, len);
        if (file != null) {
            try {
                file.write(chars, off, len);
            } catch (IOException e) {
                giveUp(e);
            }
        } else if (pending != null && pending.length() + len <= MAX_PENDING) {
            pending.append(chars, off, len);
        }
    }

    private synchronized void flushBoth() {
        console.flush();
        if (file != null) {
            try {
                file.flush();
            } catch (IOException e) {
                giveUp(e);
            }
        }
    }

    private void giveUp(IOException e) {
        closeFile();
        console.println("warning: " + path + " not written: " + e.getMessage() + "; training goes on");
        console.flush();
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // what could be written was flushed
            }
            file = null;
        }
    }

    /** The log is closed; the console is left open. */
    @Override
    public synchronized void close() {
        writer.flush();
        closeFile();
        pending = null;
    }

    /** Appends {@code text} to the log at {@code log} (a finished run's last lines); a failure is passed over. */
    public static void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the console has the lines; the log is a record
        }
    }
}
