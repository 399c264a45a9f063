package dev.seq4j.data.tagging;

import java.util.List;

/**
 * One sentence of a column file: its tokens, their tags (or {@code null} where the input has none), and where it
 * came from, so an error can name the file and line of any token (token {@code i} is on line {@code line + i}).
 *
 * @param file   the file it was read from, as given
 * @param line   the 1-based line of its first token
 * @param tokens the token column
 * @param tags   the tag column, or {@code null}
 * @param rows   the input lines as read (trailing whitespace removed), for writing them back with a tag added
 */
public record TaggedSentence(String file, int line, List<String> tokens, List<String> tags, List<String> rows) {
    public TaggedSentence {
        tokens = List.copyOf(tokens);
        tags = tags == null ? null : List.copyOf(tags);
        rows = List.copyOf(rows);
    }

    public int size() {
        return tokens.size();
    }

    /** "FILE line N" for token {@code i}. */
    public String where(int i) {
        return file + " line " + (line + i);
    }
}
