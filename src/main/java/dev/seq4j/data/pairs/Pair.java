package dev.seq4j.data.pairs;

import java.util.List;

/**
 * One line of a pairs file, tokenised.
 *
 * @param line   1-based line number in its file, for messages
 * @param source the source tokens
 * @param target the target tokens; empty when the file gives sources only
 */
public record Pair(int line, List<String> source, List<String> target) {
    public Pair {
        source = List.copyOf(source);
        target = List.copyOf(target);
    }
}
