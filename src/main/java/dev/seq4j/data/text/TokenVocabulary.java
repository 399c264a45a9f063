package dev.seq4j.data.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.run.RunFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Token ids for an embedding: id 0 is the unknown token {@code <unk>} (also what padded, masked steps
 * hold), then the training tokens seen at least {@code minCount} times, most frequent first (ties in
 * alphabetical order), at most {@code maxSize} ids in all.
 */
public final class TokenVocabulary {
    public static final String UNKNOWN_TOKEN = "<unk>";
    public static final int UNKNOWN = 0;

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private TokenVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            ids.put(this.tokens.get(i), i);
        }
    }

    public static TokenVocabulary build(List<List<String>> texts, int minCount, int maxSize) {
        return build(texts, minCount, maxSize, List.of());
    }

    /**
     * As {@link #build(List, int, int)}, with {@code reserved} symbols (such as start and end markers) at ids 1, 2,
     * ... after the unknown token and before the training tokens; a training token equal to one is not counted.
     */
    public static TokenVocabulary build(List<List<String>> texts, int minCount, int maxSize, List<String> reserved) {
        List<String> kept = frequent(texts, minCount, t -> t.equals(UNKNOWN_TOKEN) || reserved.contains(t),
                maxSize - 1L - reserved.size());
        return new TokenVocabulary(Stream.of(Stream.of(UNKNOWN_TOKEN), reserved.stream(), kept.stream())
                .flatMap(s -> s).toList());
    }

    /**
     * The vocabulary of a run's training {@code texts}: built from them, or for a run that starts from another
     * ({@code train.init}) that run's vocabulary {@code init}, with the tokens it lacks (those {@link #extend} would
     * add) refused, read as unknown or appended as {@code mode} says. A refusal names where the first one is:
     * {@code where.apply(text, position)}, such as a file and line.
     */
    public static TokenVocabulary continued(TokenVocabulary init, TrainSpec.InitVocab mode, List<List<String>> texts,
                                            int minCount, int maxSize,
                                            java.util.function.BiFunction<Integer, Integer, String> where) {
        return continued(init, mode, texts, minCount, maxSize, List.of(), where);
    }

    /** As above, a vocabulary built here having the {@code reserved} symbols (see {@link #build(List, int, int, List)}). */
    public static TokenVocabulary continued(TokenVocabulary init, TrainSpec.InitVocab mode, List<List<String>> texts,
                                            int minCount, int maxSize, List<String> reserved,
                                            java.util.function.BiFunction<Integer, Integer, String> where) {
        if (init == null) {
            return build(texts, minCount, maxSize, reserved);
        }
        TokenVocabulary extended = init.extend(texts, minCount, maxSize);
        if (mode == TrainSpec.InitVocab.REFUSE && extended.size() > init.size()) {
            Set<String> added = new HashSet<>(extended.tokens.subList(init.size(), extended.size()));
            for (int i = 0; i < texts.size(); i++) {
                for (int j = 0; j < texts.get(i).size(); j++) {
                    String token = texts.get(i).get(j);
                    if (added.contains(token)) {
                        throw refusal(where.apply(i, j), "'" + token + "'", added.size());
                    }
                }
            }
        }
        return mode == TrainSpec.InitVocab.EXTEND ? extended : init;
    }

    /**
     * The one-line error of {@code train.initVocab: refuse}: {@code token} at {@code where} is one of {@code count}
     * tokens the init run's vocabulary lacks.
     */
    public static ConfigException refusal(String where, String token, int count) {
        return new ConfigException("train.initVocab", where + ": " + token + " is not in the init run's vocabulary"
                + (count > 1 ? " (nor are " + (count - 1) + " more tokens frequent enough for this data's own)" : "")
                + "; set train.initVocab to extend (new rows for them) or keep (read as unknown)");
    }

    /**
     * This vocabulary with the tokens of {@code texts} it lacks appended, those seen at least {@code minCount} times,
     * most frequent first (ties in alphabetical order), up to {@code maxSize} ids in all: every id it had stays the
     * same, so a model's rows for them still fit ({@code train.initVocab: extend}).
     */
    public TokenVocabulary extend(List<List<String>> texts, int minCount, int maxSize) {
        List<String> added = frequent(texts, minCount, ids::containsKey, (long) maxSize - tokens.size());
        return new TokenVocabulary(Stream.concat(tokens.stream(), added.stream()).toList());
    }

    /**
     * The tokens of {@code texts} seen at least {@code minCount} times, but not those {@code skip} accepts, most
     * frequent first (ties in alphabetical order), at most {@code limit}.
     */
    private static List<String> frequent(List<List<String>> texts, int minCount,
                                         java.util.function.Predicate<String> skip, long limit) {
        Map<String, Integer> counts = new HashMap<>();
        texts.forEach(t -> t.forEach(token -> counts.merge(token, 1, Integer::sum)));
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !skip.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, limit))
                .map(Map.Entry::getKey)
                .toList();
    }

    public int size() {
        return tokens.size();
    }

    /** Whether {@code token} has an id of its own (is not the unknown token). */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public int id(String token) {
        return ids.getOrDefault(token, UNKNOWN);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public int[] encode(List<String> text) {
        return text.stream().mapToInt(this::id).toArray();
    }

    public void save(Path file) throws IOException {
        new ObjectMapper().writeValue(file.toFile(), Map.of("tokens", tokens));
    }

    /** Reads a vocabulary written by {@link #save}; a malformed one is a one-line {@link UserException}. */
    public static TokenVocabulary load(Path file) {
        return of(file, RunFiles.strings(file, "tokens", Integer.MAX_VALUE - 8));
    }

    /**
     * Reads the vocabulary of the model in {@code model}, whose embedding (or output) is {@code width} wide: a file of
     * another size is refused after reading at most {@code width + 1} tokens.
     */
    public static TokenVocabulary load(Path file, long width, Path model) {
        List<String> tokens = RunFiles.strings(file, "tokens", (int) Math.min(width, Integer.MAX_VALUE - 8));
        RunFiles.fits(file, "tokens", tokens.size(), width, model);
        return of(file, tokens);
    }

    /** Reads a vocabulary of at most {@code max} tokens (the config's {@code maxVocab}). */
    public static TokenVocabulary loadAtMost(Path file, int max) {
        List<String> tokens = RunFiles.strings(file, "tokens", max);
        if (tokens.size() > max) {
            throw new UserException(file + ": more than " + max + " tokens (the run's maxVocab); not the vocabulary "
                    + "of this run");
        }
        return of(file, tokens);
    }

    private static TokenVocabulary of(Path file, List<String> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).equals(UNKNOWN_TOKEN)) {
            throw new UserException(file + ": not a token vocabulary (it does not start with " + UNKNOWN_TOKEN + ")");
        }
        return new TokenVocabulary(tokens);
    }

}
