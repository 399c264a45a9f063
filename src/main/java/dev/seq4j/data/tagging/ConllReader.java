package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.text.TextFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads CoNLL-style column files: one token per line, columns separated by tabs or by spaces, a blank line between
 * sentences, {@code -DOCSTART-} lines skipped (they also end a sentence). Which column holds the token and which the
 * tag is configurable: columns count from 1, and negative numbers count from the end ({@code -1} is the last).
 * The separator is {@code tab} (fields may then hold spaces), {@code space} (any run of spaces and tabs) or
 * {@code auto}.
 * <p>
 * Strict, because a silently misread column ruins a tagger: every line of a file must have as many columns as
 * its first token line, a file uses one separator throughout ({@code auto}: tabs if its first token line has a
 * tab, else runs of spaces), and a token or tag may not be empty. Each problem is a {@link UserException} naming
 * the file and line.
 */
public final class ConllReader {
    public static final List<String> SEPARATORS = List.of("auto", "tab", "space");
    public static final String DOCSTART = "-DOCSTART-";

    private final String separator;
    private final int tokenColumn;
    private final int tagColumn;
    private final InputFiles.Limit limit;

    /** A reader with the default limit per file. */
    public ConllReader(String separator, int tokenColumn, int tagColumn) {
        this(separator, tokenColumn, tagColumn, InputFiles.Limit.DATA);
    }

    /**
     * @param separator   {@code auto}, {@code tab} or {@code space}
     * @param tokenColumn the token's column (1-based; negative counts from the end)
     * @param tagColumn   the tag's column (1-based; negative counts from the end), or 0 for none
     * @param limit       the most bytes one file may have
     */
    public ConllReader(String separator, int tokenColumn, int tagColumn, InputFiles.Limit limit) {
        if (!SEPARATORS.contains(separator)) {
            throw new IllegalArgumentException("separator must be one of " + SEPARATORS + ", got " + separator);
        }
        this.separator = separator;
        this.tokenColumn = tokenColumn;
        this.tagColumn = tagColumn;
        this.limit = limit;
    }

    /** Every sentence of a file, or of every file under a directory (in name order); {@code key} names the source. */
    public List<TaggedSentence> read(String key, Path path) {
        List<TaggedSentence> out = new ArrayList<>();
        for (Path file : TextFiles.files(key, path)) {
            out.addAll(readFile(key, file, TextFiles.readOne(key, file, limit)));
        }
        if (out.isEmpty()) {
            throw new UserException(key + ": " + path + " has no sentences (only blank or -DOCSTART- lines)");
        }
        return out;
    }

    /** The sentences of one file's {@code text}. */
    List<TaggedSentence> readFile(String key, Path file, String text) {
        String name = file.toString();
        List<TaggedSentence> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean tabs = separator.equals("tab");
        int columns = -1;
        int token = -1;
        int tag = -1;
        int start = 0;
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i <= lines.length; i++) {
            String raw = i < lines.length ? lines[i] : "";
            if (raw.isBlank() || raw.strip().startsWith(DOCSTART)) {
                if (!tokens.isEmpty()) {
                    out.add(new TaggedSentence(name, start, tokens, tag < 0 ? null : tags, rows));
                    tokens = new ArrayList<>();
                    tags = new ArrayList<>();
                    rows = new ArrayList<>();
                }
                continue;
            }
            String where = key + ": " + name + " line " + (i + 1);
            if (columns < 0 && separator.equals("auto")) {
                tabs = raw.indexOf('\t') >= 0;
            }
            // trailing spaces go; a trailing tab is an empty last field
            String line = tabs ? raw.replaceAll(" +$", "") : raw.stripTrailing();
            if (columns < 0) {
                columns = split(line, tabs).length;
                token = column(tokenColumn, columns, where, "tokenColumn");
                tag = tagColumn == 0 ? -1 : column(tagColumn, columns, where, "tagColumn");
                if (tag == token) {
                    throw new UserException(where + ": the token and the tag are both column " + (token + 1));
                }
            }
            String[] fields = split(line, tabs);
            if (separator.equals("auto") && (tabs ? fields.length == 1 && columns > 1 && line.strip().contains(" ")
                    : line.indexOf('\t') >= 0)) {
                throw new UserException(where + ": mixed separators: this line uses "
                        + (tabs ? "spaces" : "tabs") + " where the file's first token line uses "
                        + (tabs ? "tabs" : "spaces"));
            }
            if (fields.length != columns) {
                throw new UserException(String.format(Locale.ROOT, "%s: expected %d columns (as on the file's first "
                        + "token line), got %d", where, columns, fields.length));
            }
            if (fields[token].isBlank() || (tag >= 0 && fields[tag].isBlank())) {
                throw new UserException(where + ": empty " + (fields[token].isBlank() ? "token" : "tag"));
            }
            if (tokens.isEmpty()) {
                start = i + 1;
            }
            tokens.add(fields[token].strip());
            if (tag >= 0) {
                tags.add(fields[tag].strip());
            }
            rows.add(line);
        }
        return out;
    }

    /** Tab-separated fields as they are; otherwise runs of spaces ({@code auto}) or of any whitespace ({@code space}). */
    private String[] split(String line, boolean tabs) {
        return tabs ? line.split("\t", -1) : line.strip().split(separator.equals("space") ? "\\s+" : " +");
    }

    /** A 1-based (or negative, from the end) column number as a 0-based index, checked against {@code columns}. */
    private static int column(int number, int columns, String where, String key) {
        int index = number > 0 ? number - 1 : columns + number;
        if (number == 0 || index < 0 || index >= columns) {
            throw new UserException(String.format(Locale.ROOT, "%s: data.%s is %d but the line has %d column%s",
                    where, key, number, columns, columns == 1 ? "" : "s"));
        }
        return index;
    }
}
