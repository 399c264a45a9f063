package dev.seq4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.data.tagging.TaggedSentence;
import dev.seq4j.data.tagging.TaggingData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The classical tagging baseline: each word gets the tag it had most often in the training data (ties: the tag
 * that comes first alphabetically), and a word never seen gets the most frequent tag of all. Words are looked up
 * as the tagger looks them up (lower-cased if configured).
 */
public final class MostFrequentTag {
    public static final String NAME = "most frequent tag per word";

    private final Map<String, String> byWord;
    private final String fallback;

    private MostFrequentTag(Map<String, String> byWord, String fallback) {
        this.byWord = byWord;
        this.fallback = fallback;
    }

    public static MostFrequentTag train(List<TaggedSentence> sentences, boolean lowercase) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> overall = new TreeMap<>();
        for (TaggedSentence s : sentences) {
            List<String> words = TaggingData.normalise(s.tokens(), lowercase);
            for (int i = 0; i < s.size(); i++) {
                counts.computeIfAbsent(words.get(i), w -> new TreeMap<>()).merge(s.tags().get(i), 1, Integer::sum);
                overall.merge(s.tags().get(i), 1, Integer::sum);
            }
        }
        Map<String, String> byWord = new TreeMap<>();
        counts.forEach((word, tags) -> byWord.put(word, argmax(tags)));
        return new MostFrequentTag(byWord, argmax(overall));
    }

    /** The first key with the largest count (keys in sorted order). */
    private static String argmax(Map<String, Integer> counts) {
        String best = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (best == null || e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The tag of a (normalised) word. */
    public String tag(String word) {
        return byWord.getOrDefault(word, fallback);
    }

    public String fallback() {
        return fallback;
    }

    /** The training words it knows. */
    public Set<String> words() {
        return byWord.keySet();
    }

    /** The tag of every token of every sentence. */
    public List<List<String>> predict(List<TaggedSentence> sentences, boolean lowercase) {
        return sentences.stream().map(s -> TaggingData.normalise(s.tokens(), lowercase).stream().map(this::tag).toList())
                .toList();
    }

    public void save(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fallback", fallback);
        json.put("words", byWord);
        new ObjectMapper().writeValue(file.toFile(), json);
    }

    /** Reads a baseline written by {@link #save}; a malformed one is a one-line {@link UserException}. */
    public static MostFrequentTag load(Path file) {
        var root = dev.seq4j.run.RunFiles.json(file);
        if (!root.path("words").isObject() || !root.path("fallback").isTextual()) {
            throw new UserException(file + ": not a most-frequent-tag baseline (no 'words' object and 'fallback' tag)");
        }
        Map<String, String> byWord = new TreeMap<>();
        for (var it = root.get("words").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new UserException(file + ": the tag of '" + e.getKey().replaceAll("\\p{Cntrl}", "?")
                        + "' is not a string");
            }
            byWord.put(e.getKey(), e.getValue().asText());
        }
        return new MostFrequentTag(byWord, root.get("fallback").asText());
    }
}
