package dev.seq4j.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into tokens: {@code word} gives lower-cased runs of letters (with inner apostrophes, so
 * "didn't" stays one word), runs of digits, and each other non-space character on its own ("!", "...");
 * {@code char} gives every character, spaces included.
 */
public final class Tokenizer {
    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['\u2019]\\p{L}+)*|\\p{N}+|[^\\s\\p{L}\\p{N}]");

    private Tokenizer() {
    }

    public static List<String> tokens(String text, dev.seq4j.config.Tokens mode) {
        List<String> out = new ArrayList<>();
        if (mode == dev.seq4j.config.Tokens.CHAR) {
            text.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * The same tokens as {@link #tokens} as the text writes them, case kept (for a char LM, which reads case). Where
     * lower-casing would split a text differently (a few letters lower-case to a letter and a combining mark), the
     * tokens as {@link #tokens} gives them, so that both lists always pair up.
     */
    public static List<String> written(String text, dev.seq4j.config.Tokens mode) {
        List<String> lower = tokens(text, mode);
        if (mode == dev.seq4j.config.Tokens.CHAR) {
            return lower;
        }
        List<String> out = new ArrayList<>(lower.size());
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (out.size() == lower.size() || !m.group().toLowerCase(Locale.ROOT).equals(lower.get(out.size()))) {
                return lower;
            }
            out.add(m.group());
        }
        return out.size() == lower.size() ? out : lower;
    }
}
