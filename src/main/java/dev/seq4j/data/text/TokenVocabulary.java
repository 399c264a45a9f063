package dev.seq4j.data.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Integer> counts = new HashMap<>();
        texts.forEach(t -> t.forEach(token -> counts.merge(token, 1, Integer::sum)));
        List<String> kept = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount && !e.getKey().equals(UNKNOWN_TOKEN))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSize - 1L)
                .map(Map.Entry::getKey)
                .toList();
        return new TokenVocabulary(Stream.concat(Stream.of(UNKNOWN_TOKEN), kept.stream()).toList());
    }

    public int size() {
        return tokens.size();
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

    public static TokenVocabulary load(Path file) {
        try {
            List<String> tokens = List.of(new ObjectMapper().readTree(file.toFile()).get("tokens").traverse(
                    new ObjectMapper()).readValueAs(String[].class));
            return new TokenVocabulary(tokens);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": not a token vocabulary (" + e.getMessage() + ")");
        }
    }

}
