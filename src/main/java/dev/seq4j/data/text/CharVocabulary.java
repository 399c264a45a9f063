package dev.seq4j.data.text;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.run.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Characters (Unicode code points) to indices. Index 0 is the unknown symbol U+FFFD, which stands for every
 * character seen fewer than {@code minCount} times in training or not at all; the rest are ordered by
 * falling frequency, ties by code point, so a vocabulary is a pure function of its text.
 */
public final class CharVocabulary {
    public static final int UNKNOWN = 0;
    public static final int UNKNOWN_SYMBOL = 0xFFFD;

    private final int[] symbols;
    private final Map<Integer, Integer> index = new HashMap<>();

    @JsonCreator
    public CharVocabulary(@JsonProperty("symbols") List<String> symbols) {
        if (symbols == null || symbols.isEmpty() || !symbols.get(0).equals(Character.toString(UNKNOWN_SYMBOL))) {
            throw new IllegalArgumentException("a vocabulary starts with the unknown symbol U+FFFD");
        }
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("symbol " + (i + 1) + " is not one character");
            }
        }
        this.symbols = symbols.stream().mapToInt(s -> s.codePointAt(0)).toArray();
        for (int i = 0; i < this.symbols.length; i++) {
            index.put(this.symbols[i], i);
        }
    }

    /** Builds the vocabulary of {@code codePoints}: characters seen at least {@code minCount} times. */
    public static CharVocabulary build(int[] codePoints, int minCount) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int c : codePoints) {
            counts.merge(c, 1, Integer::sum);
        }
        List<Integer> kept = new ArrayList<>();
        counts.forEach((c, n) -> {
            if (n >= minCount && c != UNKNOWN_SYMBOL) {
                kept.add(c);
            }
        });
        kept.sort(Comparator.<Integer>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        List<String> symbols = new ArrayList<>();
        symbols.add(Character.toString(UNKNOWN_SYMBOL));
        kept.forEach(c -> symbols.add(Character.toString(c)));
        return new CharVocabulary(symbols);
    }

    /**
     * The vocabulary of a run's training text: {@link #build built} from it, or for a run that starts from another
     * ({@code train.init}) that run's vocabulary {@code init}, with the characters it lacks that occur at least
     * {@code minCount} times refused (naming {@code where.apply(position)} of the first), read as unknown or appended
     * (most frequent first, ties by code point) as {@code mode} says.
     */
    public static CharVocabulary continued(CharVocabulary init, dev.seq4j.config.TrainSpec.InitVocab mode,
                                           int[] codePoints, int minCount,
                                           java.util.function.IntFunction<String> where) {
        CharVocabulary own = build(codePoints, minCount);
        if (init == null) {
            return own;
        }
        List<String> added = new ArrayList<>();
        for (int c : own.symbols) {
            if (c != UNKNOWN_SYMBOL && !init.index.containsKey(c)) {
                added.add(Character.toString(c));
            }
        }
        if (added.isEmpty() || mode == dev.seq4j.config.TrainSpec.InitVocab.KEEP) {
            return init;
        }
        if (mode == dev.seq4j.config.TrainSpec.InitVocab.REFUSE) {
            for (int i = 0; i < codePoints.length; i++) {
                if (!init.index.containsKey(codePoints[i]) && own.index.containsKey(codePoints[i])) {
                    throw TokenVocabulary.refusal(where.apply(i), "character U+" + String.format(java.util.Locale.ROOT,
                            "%04X '%s'", codePoints[i], Character.toString(codePoints[i])), added.size());
                }
            }
        }
        List<String> symbols = new ArrayList<>(init.symbols());
        symbols.addAll(added);
        return new CharVocabulary(symbols);
    }

    public int size() {
        return symbols.length;
    }

    public int indexOf(int codePoint) {
        return index.getOrDefault(codePoint, UNKNOWN);
    }

    public int codePoint(int idx) {
        return symbols[idx];
    }

    /** Indices of every code point of {@code codePoints}. */
    public int[] encode(int[] codePoints) {
        int[] out = new int[codePoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = indexOf(codePoints[i]);
        }
        return out;
    }

    public int[] encode(String text) {
        return encode(text.codePoints().toArray());
    }

    public String decode(int[] indices) {
        StringBuilder out = new StringBuilder();
        for (int i : indices) {
            out.appendCodePoint(symbols[i]);
        }
        return out.toString();
    }

    @JsonProperty("symbols")
    public List<String> symbols() {
        return Collections.unmodifiableList(Arrays.stream(symbols).mapToObj(Character::toString).toList());
    }

    public void save(Path file) throws IOException {
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    /** Every Unicode code point and the unknown symbol: no character vocabulary is larger. */
    public static final int MAX_SIZE = Character.MAX_CODE_POINT + 2;

    /** Reads a vocabulary written by {@link #save}; a malformed one is a one-line {@link UserException}. */
    public static CharVocabulary load(Path file) {
        List<String> symbols = RunFiles.strings(file, "symbols", MAX_SIZE);
        if (symbols.size() > MAX_SIZE) {
            throw new UserException(file + ": more than " + MAX_SIZE + " symbols; not a character vocabulary");
        }
        return of(file, symbols);
    }

    /**
     * Reads the vocabulary of the model in {@code model}, whose one-hot input and output are {@code width} wide: a
     * file of another size is refused after reading at most {@code width + 1} symbols.
     */
    public static CharVocabulary load(Path file, long width, Path model) {
        List<String> symbols = RunFiles.strings(file, "symbols", (int) Math.min(width, MAX_SIZE));
        RunFiles.fits(file, "symbols", symbols.size(), width, model);
        return of(file, symbols);
    }

    private static CharVocabulary of(Path file, List<String> symbols) {
        try {
            return new CharVocabulary(symbols);
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": not a seq4j character vocabulary (" + e.getMessage() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharVocabulary other && Arrays.equals(symbols, other.symbols);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols);
    }
}
