package dev.seq4j.infer;

import dev.seq4j.data.RowContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of char LMs that run inside a tagger ({@code model.charLmTrainable}, {@link dev.seq4j.model.CharLmBranch}):
 * for each LM, every sentence as it reads it ({@link CharLmEmbedder#line}) as one-hot characters {@code [mb, V, Tc]}
 * (zeros past a line's end, no mask: a state depends only on what the LM read before it), and each word's character
 * step {@code [mb, 1, T]} (0 past the sentence's end, masked with the words).
 */
public final class CharLmInputs implements RowContext {
    private final List<CharLmEmbedder> lms;
    /** Per LM, per row: the line it reads. */
    private final List<List<CharLmEmbedder.Line>> lines;

    /** The inputs of {@code lms} (forward first, as the model's branches) for each of {@code sentences}. */
    public static CharLmInputs of(List<CharLmEmbedder> lms, List<List<String>> sentences) {
        return new CharLmInputs(lms, lms.stream().map(lm -> sentences.stream().map(lm::line).toList()).toList());
    }

    private CharLmInputs(List<CharLmEmbedder> lms, List<List<CharLmEmbedder.Line>> lines) {
        this.lms = List.copyOf(lms);
        this.lines = lines;
    }

    @Override
    public CharLmInputs rows(int[] rows) {
        List<List<CharLmEmbedder.Line>> out = new ArrayList<>();
        for (List<CharLmEmbedder.Line> of : lines) {
            out.add(java.util.Arrays.stream(rows).mapToObj(of::get).toList());
        }
        return new CharLmInputs(lms, out);
    }

    @Override
    public Batch batch(List<Integer> rows, int steps, INDArray stepMask) {
        int mb = rows.size();
        INDArray[] features = new INDArray[2 * lms.size()];
        INDArray[] masks = new INDArray[features.length];
        for (int l = 0; l < lms.size(); l++) {
            List<CharLmEmbedder.Line> of = lines.get(l);
            int longest = 1;
            for (int r : rows) {
                longest = Math.max(longest, of.get(r).ids().length);
            }
            int v = lms.get(l).vocabularySize();
            dev.seq4j.run.ArrayFile.checkMemory("char-LM inputs of " + mb + " sentences",
                    (long) Float.BYTES * mb * v * longest);
            float[] chars = new float[mb * v * longest];                          // [mb, V, Tc], c order
            float[] at = new float[mb * steps];                                   // [mb, 1, T]
            for (int b = 0; b < mb; b++) {
                CharLmEmbedder.Line line = of.get(rows.get(b));
                int[] ids = line.ids();
                for (int t = 0; t < ids.length; t++) {
                    chars[(b * v + ids[t]) * longest + t] = 1;
                }
                for (int w = 0; w < line.at().length && w < steps; w++) {
                    at[b * steps + w] = line.at()[w];
                }
            }
            features[2 * l] = Nd4j.create(chars, new long[]{mb, v, longest}, 'c');
            features[2 * l + 1] = Nd4j.create(at, new long[]{mb, 1, steps}, 'c');
            masks[2 * l + 1] = stepMask;
        }
        return new Batch(features, masks);
    }
}
