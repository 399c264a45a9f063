package dev.seq4j.data.tagging;

import dev.seq4j.data.RowIterator;
import org.datavec.api.records.reader.impl.collection.CollectionSequenceRecordReader;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderMultiDataSetIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Minibatches of tagged sentences, built by DataVec's {@link RecordReaderMultiDataSetIterator} from one sequence
 * record per sentence (a step per token: word id, suffix id, the shape bits, tag id), aligned at the start and
 * padded (and masked) after each sentence's end:
 * <pre>
 * words [mb, 1, T], suffixes [mb, 1, T], shape [mb, 9, T] (only with shape features),
 * then the split's contextual char-LM inputs (only with them, added to DataVec's minibatch: {@link
 * dev.seq4j.data.RowContext}), masks [mb, T];
 * tags [mb, C, T] one-hot
 * </pre>
 * For training, sentences are shuffled each epoch (seeded) and then batched with others of similar length
 * (sorted within windows of 50 batches, the batches shuffled again), so padding costs little; evaluation keeps
 * the file's order. Unlabelled splits read as tag 0 (the labels are then unused).
 */
public final class TaggingIterator extends RowIterator {
    private final TaggingData.Split split;
    private final int tags;
    private final int batchSize;
    private final boolean shape;
    private final boolean shuffle;
    private final Random batchOrder;
    /** The share of words read as unknown in training ({@code train.wordDropout}), and its draws. */
    private final double wordDropout;
    private final Random dropped;
    private RecordReaderMultiDataSetIterator inner;
    /** The sentences in this epoch's order, and how many the minibatches so far held (for the contextual features). */
    private final List<Integer> order = new ArrayList<>();
    private int served;

    /**
     * @param shape whether the model takes the suffix and shape inputs
     */
    public TaggingIterator(TaggingData.Split split, int tags, int batchSize, boolean shape, long seed, boolean shuffle) {
        this(split, tags, batchSize, shape, seed, shuffle, 0);
    }

    /**
     * @param shape       whether the model takes the suffix and shape inputs
     * @param wordDropout the share of words read as {@link dev.seq4j.data.text.TokenVocabulary#UNKNOWN}, drawn afresh
     *                    at each {@link #reset} from a generator seeded by {@code seed}; 0 for none (evaluation)
     */
    public TaggingIterator(TaggingData.Split split, int tags, int batchSize, boolean shape, long seed, boolean shuffle,
                           double wordDropout) {
        super(split.size(), seed, shuffle);
        this.split = split;
        this.tags = tags;
        this.batchSize = batchSize;
        this.shape = shape;
        this.shuffle = shuffle;
        this.batchOrder = new Random(seed + 1);
        this.wordDropout = wordDropout;
        this.dropped = new Random(seed + 2);
        reset();
    }

    public int batchCount() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    @Override
    public MultiDataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("batches have the size given at construction");
        }
        return next();
    }

    @Override
    public MultiDataSet next() {
        MultiDataSet batch = inner.next();
        int mb = (int) batch.getFeatures(0).size(0);
        List<Integer> rows = order.subList(served, served + mb);
        served += mb;
        if (split.context() == null) {
            return batch;
        }
        INDArray[] masks = batch.getFeaturesMaskArrays();
        dev.seq4j.data.RowContext.Batch extra = split.context().batch(rows, (int) batch.getFeatures(0).size(2),
                masks == null ? null : masks[0]);
        return new org.nd4j.linalg.dataset.MultiDataSet(extra.featuresAfter(batch.getFeatures()), batch.getLabels(),
                masks == null ? null : extra.masksAfter(masks), batch.getLabelsMaskArrays());
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }

    @Override
    public void reset() {
        List<List<List<Writable>>> sequences = new ArrayList<>(split.size());
        order.clear();
        served = 0;
        for (int r : shuffle ? batchedOrder(batchSize, r -> split.words()[r].length, batchOrder) : epochOrder()) {
            order.add(r);
            int length = split.words()[r].length;
            List<List<Writable>> steps = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                List<Writable> step = new ArrayList<>(shape ? 3 + WordFeatures.SHAPE_SIZE : 2);
                boolean drop = wordDropout > 0 && dropped.nextDouble() < wordDropout;
                step.add(new IntWritable(drop ? dev.seq4j.data.text.TokenVocabulary.UNKNOWN : split.words()[r][i]));
                if (shape) {
                    step.add(new IntWritable(split.suffixes()[r][i]));
                    for (int b = 0; b < WordFeatures.SHAPE_SIZE; b++) {
                        step.add(new IntWritable((split.shapes()[r][i] >> b) & 1));
                    }
                }
                step.add(new IntWritable(split.tags() == null ? 0 : split.tags()[r][i]));
                steps.add(step);
            }
            sequences.add(steps);
        }
        RecordReaderMultiDataSetIterator.Builder b = new RecordReaderMultiDataSetIterator.Builder(batchSize)
                .addSequenceReader("sentences", new CollectionSequenceRecordReader(sequences))
                .sequenceAlignmentMode(RecordReaderMultiDataSetIterator.AlignmentMode.ALIGN_START)
                .addInput("sentences", 0, 0);                                           // words [mb, 1, T]
        int tagColumn = 1;
        if (shape) {
            b.addInput("sentences", 1, 1)                                               // suffixes [mb, 1, T]
                    .addInput("sentences", 2, 1 + WordFeatures.SHAPE_SIZE);             // shape [mb, 9, T]
            tagColumn = 2 + WordFeatures.SHAPE_SIZE;
        }
        inner = b.addOutputOneHot("sentences", tagColumn, Math.max(tags, 2)).build();   // tags [mb, C, T]
    }
}
