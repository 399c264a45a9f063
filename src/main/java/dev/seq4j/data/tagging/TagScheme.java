package dev.seq4j.data.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How a tag sequence marks spans (named entities, chunks), and conversion between the schemes through the spans
 * themselves:
 * <ul>
 * <li>{@code none}: plain tags, no spans (part of speech);</li>
 * <li>{@code io}: {@code I-TYPE} inside a span, {@code O} outside (adjacent spans of one type cannot be told
 * apart, so converting to IO merges them);</li>
 * <li>{@code bio} (IOB2): {@code B-TYPE} begins a span, {@code I-TYPE} continues it;</li>
 * <li>{@code bioes}: as BIO, plus {@code E-TYPE} ends a span of two or more and {@code S-TYPE} is a span of one.</li>
 * </ul>
 * Spans are read with conlleval's rules (CoNLL-2000's evaluation script, with the E/S rules of its BIOES
 * extension), so an {@code I-} without a {@code B-} starts a span, a change of type ends one, and every scheme
 * is read the way conlleval reads it.
 */
public enum TagScheme {
    NONE, IO, BIO, BIOES;

    public static final String OUTSIDE = "O";

    /** A span of tokens [{@code start}, {@code end}) of one type. */
    public record Span(int start, int end, String type) {
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TagScheme of(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown tag scheme " + id));
    }

    /**
     * The scheme a set of tags is written in: {@code bioes} if any tag is {@code E-} or {@code S-}, {@code bio} if
     * any is {@code B-}, {@code io} if the rest are {@code I-}, and {@code none} if any tag is not {@code O} or
     * {@code X-TYPE} with X one of B, I, E, S (or if every tag is {@code O}).
     */
    public static TagScheme detect(Collection<String> tags) {
        boolean begin = false;
        boolean inside = false;
        boolean endOrSingle = false;
        for (String tag : tags) {
            if (tag.equals(OUTSIDE)) {
                continue;
            }
            if (tag.length() < 3 || tag.charAt(1) != '-' || "BIES".indexOf(tag.charAt(0)) < 0) {
                return NONE;
            }
            begin |= tag.charAt(0) == 'B';
            inside |= tag.charAt(0) == 'I';
            endOrSingle |= tag.charAt(0) == 'E' || tag.charAt(0) == 'S';
        }
        return endOrSingle ? BIOES : begin ? BIO : inside ? IO : NONE;
    }

    /** Why {@code tag} is not a tag of this scheme, or {@code null} if it is. */
    public String problem(String tag) {
        if (this == NONE || tag.equals(OUTSIDE)) {
            return null;
        }
        String prefixes = switch (this) {
            case IO -> "I";
            case BIO -> "BI";
            default -> "BIES";
        };
        if (tag.length() < 3 || tag.charAt(1) != '-' || prefixes.indexOf(tag.charAt(0)) < 0) {
            return "tag '" + tag + "' is not O or " + String.join("/", prefixes.split("")) + "-TYPE, as the "
                    + id() + " scheme has it";
        }
        return null;
    }

    /** The spans a tag sequence marks, read with conlleval's rules; none for plain tags. */
    public static List<Span> spans(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        char prevTag = 'O';
        String prevType = "";
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String full = i < tags.size() ? tags.get(i) : OUTSIDE;
            int dash = full.indexOf('-');
            char tag = dash == 1 ? full.charAt(0) : full.equals(OUTSIDE) ? 'O' : '?';
            String type = dash == 1 ? full.substring(2) : "";
            if (start >= 0 && (endOfChunk(prevTag, tag, prevType, type) || startOfChunk(prevTag, tag, prevType, type))) {
                spans.add(new Span(start, i, prevType));
                start = -1;
            }
            if (i < tags.size() && startOfChunk(prevTag, tag, prevType, type)) {
                start = i;
            }
            prevTag = tag;
            prevType = type;
        }
        return spans;
    }

    // conlleval's endOfChunk and startOfChunk, with the S and E rules of its BIOES extension.
    private static boolean endOfChunk(char prevTag, char tag, String prevType, String type) {
        boolean end = switch (prevTag) {
            case 'B', 'I' -> tag == 'B' || tag == 'S' || tag == 'O';
            case 'E', 'S' -> tag == 'E' || tag == 'I' || tag == 'O' || tag == 'S' || tag == 'B';
            default -> false;
        };
        return end || (prevTag != 'O' && !prevType.equals(type));
    }

    private static boolean startOfChunk(char prevTag, char tag, String prevType, String type) {
        boolean start = switch (tag) {
            case 'B', 'S' -> true;
            case 'I' -> prevTag == 'O' || prevTag == 'S' || prevTag == 'E';
            case 'E' -> prevTag == 'O' || prevTag == 'S' || prevTag == 'E';
            default -> false;
        };
        return start || (tag != 'O' && !type.isEmpty() && !prevType.equals(type));
    }

    /** The tags of this scheme that mark {@code spans} in a sentence of {@code length} tokens. */
    public List<String> encode(List<Span> spans, int length) {
        if (this == NONE) {
            throw new IllegalStateException("plain tags mark no spans");
        }
        List<String> tags = new ArrayList<>(java.util.Collections.nCopies(length, OUTSIDE));
        for (Span s : spans) {
            for (int i = s.start(); i < s.end(); i++) {
                char prefix = switch (this) {
                    case IO -> 'I';
                    case BIO -> i == s.start() ? 'B' : 'I';
                    default -> s.end() - s.start() == 1 ? 'S' : i == s.start() ? 'B' : i == s.end() - 1 ? 'E' : 'I';
                };
                tags.set(i, prefix + "-" + s.type());
            }
        }
        return tags;
    }

    /** {@code tags} rewritten in this scheme (the same spans, except that IO merges adjacent spans of one type). */
    public List<String> convert(List<String> tags) {
        return encode(spans(tags), tags.size());
    }
}
