package dev.seq4j.infer;

import dev.seq4j.data.tagging.TaggingData;
import dev.seq4j.data.tagging.TaggingIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runs a tagger over a split, in the split's order: the likeliest tag of every token and, for labelled data, the
 * cross-entropy of the gold tags.
 */
public final class Tagger {
    public static final int BATCH = 64;

    private Tagger() {
    }

    /**
     * @param tags  predicted tag ids per sentence and token
     * @param nats  summed {@code -ln p(gold tag)} over all tokens (0 for unlabelled data)
     */
    public record Prediction(int[][] tags, double nats, long tokens) {
        /** Mean cross-entropy per token, in nats. */
        public double loss() {
            return nats / Math.max(tokens, 1);
        }
    }

    /** {@link #run(ComputationGraph, TaggingData.Split, int, boolean, int)} in minibatches of {@value #BATCH}. */
    public static Prediction run(ComputationGraph net, TaggingData.Split split, int tagCount, boolean shape) {
        return run(net, split, tagCount, shape, BATCH);
    }

    /** The split's tags, in minibatches of {@code batchSize} sentences (padded to the longest and masked). */
    public static Prediction run(ComputationGraph net, TaggingData.Split split, int tagCount, boolean shape,
                                 int batchSize) {
        TaggingIterator it = new TaggingIterator(split, tagCount, batchSize, shape, 0, false);
        int[][] tags = new int[split.size()][];
        double nats = 0;
        long tokens = 0;
        int row = 0;
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            INDArray out = net.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays())[0]; // [mb, C, T]
            INDArray argMax = out.argMax(1);
            int[][] best = argMax.toIntMatrix();                                                 // [mb, T]
            INDArray goldP = split.tags() == null ? null : out.mul(batch.getLabels(0)).sum(1);  // [mb, T]
            for (int r = 0; r < best.length; r++, row++) {
                int length = split.words()[row].length;
                tags[row] = java.util.Arrays.copyOf(best[r], length);
                if (goldP != null) {
                    INDArray p = goldP.getRow(r).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, length));
                    nats -= Transforms.log(Transforms.max(p, 1e-12), false).sumNumber().doubleValue();
                }
                tokens += length;
            }
            dev.seq4j.run.NativeMemory.release(batch, out, argMax, goldP);
        }
        return new Prediction(tags, nats, tokens);
    }
}
