package dev.seq4j.data.pairs;

import dev.seq4j.config.Tokens;

import dev.seq4j.UserException;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.text.TextFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code source<TAB>target} lines strictly: blank lines are skipped; a line without exactly one tab, or with
 * a side that has no tokens, is a {@link UserException} naming the file and line. Each side is split into tokens by
 * characters ({@code char}: every character, inner spaces too) or by runs of whitespace ({@code word}); leading and
 * trailing whitespace is dropped either way.
 *
 * @param sourceTokens {@code char} or {@code word}
 * @param targetTokens {@code char} or {@code word}
 * @param limit        the most bytes one file may have
 */
public record PairsReader(Tokens sourceTokens, Tokens targetTokens, InputFiles.Limit limit) {
    /** A reader with the default limit per file. */
    public PairsReader(Tokens sourceTokens, Tokens targetTokens) {
        this(sourceTokens, targetTokens, InputFiles.Limit.DATA);
    }

    /** Pairs of a file (or every file of a directory, in name order); {@code key} names the config key. */
    public List<Pair> read(String key, Path path) {
        List<Pair> pairs = new ArrayList<>();
        for (Path file : TextFiles.files(key, path)) {
            String[] lines = TextFiles.readOne(key, file, limit).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] sides = lines[i].split("\t", -1);
                if (sides.length != 2) {
                    throw new UserException(key + ": " + file + " line " + (i + 1) + ": expected source<TAB>target, found "
                            + (sides.length == 1 ? "no tab" : (sides.length - 1) + " tabs"));
                }
                pairs.add(new Pair(i + 1, side(key, file, i + 1, "source", sides[0], sourceTokens),
                        side(key, file, i + 1, "target", sides[1], targetTokens)));
            }
        }
        if (pairs.isEmpty()) {
            throw new UserException(key + ": " + path + " has no pairs");
        }
        return pairs;
    }

    /**
     * Sources to decode, a line each (blank lines skipped); a line with a tab is a pair and its first field is the
     * source, so a test file can be decoded as it is.
     */
    public List<Pair> readSources(String key, Path file) {
        List<Pair> sources = new ArrayList<>();
        String[] lines = TextFiles.readOne(key, file, limit).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String text = lines[i].contains("\t") ? lines[i].substring(0, lines[i].indexOf('\t')) : lines[i];
            sources.add(new Pair(i + 1, side(key, file, i + 1, "source", text, sourceTokens), List.of()));
        }
        if (sources.isEmpty()) {
            throw new UserException(key + ": " + file + " has no lines to decode");
        }
        return sources;
    }

    private static List<String> side(String key, Path file, int line, String which, String text, Tokens mode) {
        List<String> tokens = tokens(text, mode);
        if (tokens.isEmpty()) {
            throw new UserException(key + ": " + file + " line " + line + ": the " + which + " is empty");
        }
        return tokens;
    }

    /** {@code text}'s tokens: its characters, or its whitespace-separated words. */
    public static List<String> tokens(String text, Tokens mode) {
        String s = text.strip();
        if (s.isEmpty()) {
            return List.of();
        }
        if (mode == Tokens.CHAR) {
            return s.codePoints().mapToObj(Character::toString).toList();
        }
        return Arrays.asList(s.split("\\s+"));
    }

    /** Tokens back to text: characters joined as they are, words with a space between. */
    public static String join(List<String> tokens, Tokens mode) {
        return String.join(mode.separator(), tokens);
    }
}
