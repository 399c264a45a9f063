package dev.seq4j.model;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.model.layers.GatherSteps;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * A character language model run inside another model's graph, so that it trains with it ({@code
 * model.charLmTrainable}, issue 30): the LM's recurrent stack over a sentence's characters, and each word's state read
 * at its place by {@link GatherSteps}.
 * <pre>
 * PREFIXchars [mb, V, Tc] (one-hot) -> PREFIXrnn0 .. PREFIXrnnN [mb, H, Tc] -\
 * PREFIXat [mb, 1, Tw] (each word's character step) ---------------------------> PREFIXwords: gather [mb, H, Tw]
 * </pre>
 * The layers have the LM's own names behind {@code prefix}, so its trained weights copy across by name.
 *
 * @param prefix     what the branch's vertex names start with
 * @param model      the LM's model section
 * @param vocabulary the LM's character vocabulary size
 */
public record CharLmBranch(String prefix, ModelSpec model, int vocabulary) {
    /** The branch's inputs, in the order a minibatch holds them: the characters, then each word's step. */
    public java.util.List<String> inputs() {
        return java.util.List.of(prefix + "chars", prefix + "at");
    }

    /** Features a word: the LM's top layer's width. */
    public int width() {
        return RecurrentStack.outputSize(model);
    }

    /** Adds the branch to {@code graph} (whose inputs already include {@link #inputs()}); returns its output vertex. */
    public String addTo(ComputationGraphConfiguration.GraphBuilder graph) {
        String top = RecurrentStack.addLayers(graph, model, inputs().get(0), vocabulary, prefix);
        String words = prefix + "words";
        graph.addVertex(words, new GatherSteps(), top, inputs().get(1));
        return words;
    }
}
