package dev.seq4j.data.tagging;

import java.util.Locale;

/**
 * What a tagger can see of a word's characters besides its identity, which is all it has for a word it never
 * saw in training: a shape of {@link #SHAPE_SIZE} yes/no features and the word's last three letters.
 */
public final class WordFeatures {
    /** Capitalised, all capitals, a capital inside, has a digit, only digits, hyphen, no letter or digit, apostrophe, first word. */
    public static final int SHAPE_SIZE = 9;
    public static final int SUFFIX_LENGTH = 3;

    private WordFeatures() {
    }

    /** The shape features of {@code word} as bits 0..8 (see {@link #SHAPE_SIZE}); {@code first}: the sentence's first token. */
    public static int shape(String word, boolean first) {
        boolean letters = false;
        boolean digits = false;
        boolean allUpper = true;
        boolean innerUpper = false;
        boolean allDigits = true;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) {
                letters = true;
                allUpper &= Character.isUpperCase(c);
                innerUpper |= i > 0 && Character.isUpperCase(c);
            }
            if (Character.isDigit(c)) {
                digits = true;
            } else if (c != ',' && c != '.') {
                allDigits = false;
            }
        }
        int bits = 0;
        bits |= Character.isUpperCase(word.charAt(0)) ? 1 : 0;
        bits |= letters && allUpper && word.length() > 1 ? 1 << 1 : 0;
        bits |= innerUpper ? 1 << 2 : 0;
        bits |= digits ? 1 << 3 : 0;
        bits |= digits && allDigits ? 1 << 4 : 0;
        bits |= word.indexOf('-') >= 0 ? 1 << 5 : 0;
        bits |= !letters && !digits ? 1 << 6 : 0;
        bits |= word.indexOf('\'') >= 0 ? 1 << 7 : 0;
        bits |= first ? 1 << 8 : 0;
        return bits;
    }

    /** The last {@link #SUFFIX_LENGTH} characters of the word, lower-cased (the whole word if shorter). */
    public static String suffix(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return lower.length() <= SUFFIX_LENGTH ? lower : lower.substring(lower.length() - SUFFIX_LENGTH);
    }
}
