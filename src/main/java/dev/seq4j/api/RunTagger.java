package dev.seq4j.api;

import dev.seq4j.data.tagging.RawText;
import dev.seq4j.data.tagging.TaggedSentence;
import dev.seq4j.data.tagging.TaggingData;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.TaggingTask;

import java.util.ArrayList;
import java.util.List;

/** {@link Tagger} of a run: words, suffixes and tags as the task saved them, run by {@link dev.seq4j.infer.Tagger}. */
final class RunTagger extends RunModel implements Tagger {
    private final TaggingTask.Loaded m;

    private RunTagger(RunDirectory run, TaggingTask.Loaded m) {
        super(run, m.config());
        this.m = m;
    }

    /** Reads a tagging run: tags, schemes and vocabularies checked against the model before its weights. */
    static RunTagger load(RunDirectory run) {
        return new RunTagger(run, TaggingTask.Loaded.of(run));
    }

    @Override
    public dev.seq4j.result.TaggingSummary summary() {
        return (dev.seq4j.result.TaggingSummary) super.summary();
    }

    @Override
    public List<String> tag(List<String> tokens) {
        return tagAll(java.util.Collections.singletonList(tokens)).get(0);
    }

    @Override
    public List<String> tokens(String sentence) {
        return RawText.tokens(java.util.Objects.requireNonNull(sentence, "sentence"));
    }

    @Override
    public List<String> tag(String sentence) {
        return tag(tokens(sentence));
    }

    @Override
    public List<List<String>> tagAll(List<List<String>> sentences) {
        return inBatches(checked(sentences, "sentences"), this::batch);
    }

    /** One minibatch of sentences: word, suffix (and shape) ids {@code [n, 1, T]} in, tags {@code [n, C, T]} out. */
    private List<List<String>> batch(List<List<String>> sentences) {
        List<TaggedSentence> rows = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            List<String> tokens = sentences.get(i);
            if (tokens.isEmpty()) {
                throw new InputException("sentences", i, "has no tokens");
            }
            if (tokens.stream().anyMatch(t -> t == null || t.isEmpty())) {
                throw new InputException("sentences", i, "has an empty or null token");
            }
            rows.add(new TaggedSentence("sentences", 1, tokens, null, tokens));
        }
        TaggingData.Split split = m.encode("sentences", rows, false);
        dev.seq4j.infer.Tagger.Prediction p;
        synchronized (m.net()) {
            p = dev.seq4j.infer.Tagger.run(m.net(), split, m.tags().size(), m.shape(), rows.size());
        }
        List<List<String>> out = new ArrayList<>(p.tags().length);
        for (int[] sentence : p.tags()) {
            List<String> names = java.util.Arrays.stream(sentence).mapToObj(m.tags()::get).toList();
            out.add(TaggingData.convert(names, m.trainScheme(), m.scheme()));
        }
        return out;
    }
}
