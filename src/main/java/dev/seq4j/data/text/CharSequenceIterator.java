package dev.seq4j.data.text;

import org.datavec.api.records.reader.impl.collection.CollectionSequenceRecordReader;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Next-character training sequences over an encoded text, through DataVec: the text is cut into
 * sequences of {@code length} steps, each step a record {@code [char, nextChar]}; a
 * {@link RecordReaderMultiDataSetIterator} one-hot encodes column 0 as the input and column 1 as the label,
 * and pads the final, shorter sequence with a mask ({@code ALIGN_START}).
 * <p>
 * Shapes: features {@code [mb, vocab, T]}, labels {@code [mb, vocab, T]}, masks {@code [mb, T]} (only on a
 * batch holding the short sequences). With a seed, every {@link #reset()} moves the cut points by a random
 * offset (so the model sees each character at every position of a sequence, not only at multiples of the
 * length) and shuffles the sequences; epochs differ, runs repeat. Without a seed the cuts start at 0 in text
 * order.
 */
public final class CharSequenceIterator implements MultiDataSetIterator {
    private final List<List<List<Writable>>> sequences;
    private final RecordReaderMultiDataSetIterator delegate;
    private final Random shuffle;
    private final int batchSize;
    private final int[] ids;
    private final int length;

    /**
     * @param ids       the encoded text; {@code ids.length - 1} characters are predicted
     * @param vocabSize number of symbols, the one-hot width
     * @param length    steps per sequence
     * @param batchSize sequences per minibatch
     * @param seed      seed of the per-epoch shuffle; {@code null} keeps text order (for evaluation)
     */
    public CharSequenceIterator(int[] ids, int vocabSize, int length, int batchSize, Long seed) {
        if (ids.length < 2) {
            throw new IllegalArgumentException("need at least two characters, got " + ids.length);
        }
        this.ids = ids;
        this.length = length;
        this.batchSize = batchSize;
        this.sequences = new ArrayList<>();
        this.shuffle = seed == null ? null : new Random(seed);
        cut(0);
        // CollectionSequenceRecordReader iterates over this very list, so shuffling it in place re-orders the next epoch.
        CollectionSequenceRecordReader reader = new CollectionSequenceRecordReader(sequences);
        this.delegate = new RecordReaderMultiDataSetIterator.Builder(batchSize)
                .addSequenceReader("text", reader)
                .addInputOneHot("text", 0, vocabSize)
                .addOutputOneHot("text", 1, vocabSize)
                .sequenceAlignmentMode(RecordReaderMultiDataSetIterator.AlignmentMode.ALIGN_START)
                .build();
    }

    /** Cuts the text into sequences, the first one ending at {@code offset} when it is not 0, and shuffles them. */
    private void cut(int offset) {
        sequences.clear();
        if (offset > 0) {
            sequences.add(new Steps(ids, 0, Math.min(offset, ids.length - 1)));
        }
        for (int start = offset; start < ids.length - 1; start += length) {
            sequences.add(new Steps(ids, start, Math.min(length, ids.length - 1 - start)));
        }
        if (shuffle != null) {
            Collections.shuffle(sequences, shuffle);
        }
    }

    /** Number of sequences the text was cut into. */
    public int sequenceCount() {
        return sequences.size();
    }

    /** Minibatches per epoch (one more may follow after a reset moves the cut points). */
    public int batchCount() {
        return (sequences.size() + batchSize - 1) / batchSize;
    }

    @Override
    public MultiDataSet next(int num) {
        return delegate.next(num);
    }

    @Override
    public MultiDataSet next() {
        return delegate.next();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public void reset() {
        if (shuffle != null) {
            cut(shuffle.nextInt(Math.min(length, ids.length - 1)));
        }
        delegate.reset();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        delegate.setPreProcessor(preProcessor);
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return delegate.getPreProcessor();
    }

    /** One sequence as DataVec records {@code [char, nextChar]}, a view over the text with no copy. */
    private static final class Steps extends AbstractList<List<Writable>> {
        private final int[] ids;
        private final int start;
        private final int length;

        Steps(int[] ids, int start, int length) {
            this.ids = ids;
            this.start = start;
            this.length = length;
        }

        @Override
        public List<Writable> get(int t) {
            return List.of(new IntWritable(ids[start + t]), new IntWritable(ids[start + t + 1]));
        }

        @Override
        public int size() {
            return length;
        }
    }
}
