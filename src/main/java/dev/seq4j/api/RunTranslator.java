package dev.seq4j.api;

import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.pairs.PairsReader;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Seq2seqTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link Translator} of a run (and its ensemble members): vocabularies and lengths as the task saved them. */
final class RunTranslator extends RunModel implements Translator {
    private final Seq2seqTask.Loaded m;

    private RunTranslator(RunDirectory run, Seq2seqTask.Loaded m) {
        super(run, m.config());
        this.m = m;
    }

    /** Reads a seq2seq run: vocabularies checked against every member's model before the weights are read. */
    static RunTranslator load(RunDirectory run) {
        return new RunTranslator(run, Seq2seqTask.Loaded.of(run));
    }

    @Override
    public dev.seq4j.result.Seq2seqSummary summary() {
        return (dev.seq4j.result.Seq2seqSummary) super.summary();
    }

    @Override
    public int beam() {
        return m.spec().beam();
    }

    @Override
    public String translate(String source) {
        return translate(source, 0);
    }

    @Override
    public String translate(String source, int beam) {
        return translate(java.util.Collections.singletonList(source), beam).get(0);
    }

    @Override
    public List<String> translate(List<String> sources, int beam) {
        int width = beam(beam, m.spec().beam());
        checked(sources, "sources");
        PairsData.Encoder encoder = m.encoder();
        List<Pair> pairs = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            List<String> tokens = PairsReader.tokens(sources.get(i), m.spec().sourceTokens());
            if (tokens.isEmpty()) {
                throw new InputException("sources", i, "the source is empty");
            }
            if (tokens.size() > encoder.maxSource()) {
                throw new InputException("sources", i, "the source has " + tokens.size() + " tokens, more than the "
                        + "model's maxSourceLength " + encoder.maxSource() + " (split it, or train with a larger "
                        + "data.maxSourceLength)");
            }
            pairs.add(new Pair(i + 1, tokens, List.of()));
        }
        PairsData.Split split = encoder.encode("sources", Path.of("sources"), pairs, true);
        List<Seq2seqDecoder.Output> outputs;
        synchronized (m.decoder()) { // the decoder's step graphs carry recurrent state from step to step
            outputs = m.decoder().decode(split.source(), width, m.spec().lengthNorm(), encoder.maxTarget());
        }
        return outputs.stream().map(o -> PairsReader.join(Seq2seqTask.tokens(o, encoder.target()),
                m.spec().targetTokens())).toList();
    }
}
