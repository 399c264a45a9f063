package dev.seq4j;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A problem with what the user gave us (a config key, a data file, a run directory), as opposed to a bug
 * or an environment failure. The CLI turns it into one line on stderr and exit code 2; nothing should have
 * been written when it is thrown.
 * <p>
 * Messages may quote text from files that someone else made (a run directory, a model, a data file), so every line
 * printed goes through {@link #oneLine(String)}: control characters become {@code ?} (an escape sequence must never
 * reach the terminal), and a library's message quoted in one ({@link #oneLine(Throwable)}) is cut to
 * {@value #MAX_QUOTED} characters.
 */
public class UserException extends RuntimeException {
    /** Most characters of a library's message quoted in an error line (Jackson's alone can quote 500 of a file). */
    public static final int MAX_QUOTED = 300;
    /** Most characters of a whole error line: far above seq4j's own messages, which name a file or two. */
    public static final int MAX_LINE = 1000;
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /**
     * C0 and C1 control characters and DEL (ESC and CSI start terminal escape sequences), and the Unicode bidirectional
     * overrides and isolates, which reorder what a terminal shows.
     */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]");

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A library exception's message, to quote in a one-line error: folded onto one line and made printable as
     * {@link #oneLine(String)} does, and cut to {@value #MAX_QUOTED} characters (ending {@code ...}). Jackson's
     * exceptions (ours and ND4J's shaded copy) give their message without the {@code [Source: ...]} excerpt of the
     * input they append to it; an exception without a message gives its class name.
     */
    public static String oneLine(Throwable e) {
        return quote(message(e));
    }

    /** As {@link #oneLine(Throwable)} (the name stays for its callers). */
    public static String firstLine(Throwable e) {
        return oneLine(e);
    }

    /** {@code text} (a library's) as {@link #oneLine(String)}, cut to {@value #MAX_QUOTED} characters. */
    public static String quote(String text) {
        return cut(oneLine(text), MAX_QUOTED);
    }

    /**
     * {@code text} on one line: each line stripped, blank ones dropped, the rest joined with a space; tabs become
     * spaces and other control characters (and bidirectional overrides) {@code ?}; cut to {@value #MAX_LINE}
     * characters.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String folded = LINE_BREAK.splitAsStream(text).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
        return cut(UNPRINTABLE.matcher(folded.replace('\t', ' ')).replaceAll("?"), MAX_LINE);
    }

    /**
     * The message an exception was made with; for Jackson's, the original message and the line and column, without
     * the excerpt of the input it appends ({@code at [Source: (String)"..."; line: 1, column: 9]}).
     */
    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            m = located(j.getOriginalMessage(), j.getLocation() == null ? -1 : j.getLocation().getLineNr(),
                    j.getLocation() == null ? -1 : j.getLocation().getColumnNr());
        } else if (e instanceof org.nd4j.shade.jackson.core.JsonProcessingException j) { // DL4J's configurations
            m = located(j.getOriginalMessage(), j.getLocation() == null ? -1 : j.getLocation().getLineNr(),
                    j.getLocation() == null ? -1 : j.getLocation().getColumnNr());
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static String located(String message, int line, int column) {
        return message == null || line < 1 ? message : message + " at line " + line + ", column " + column;
    }

    /** {@code s} cut to {@code max} characters, ending {@code ...} when cut (never inside a surrogate pair). */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "...";
    }
}
