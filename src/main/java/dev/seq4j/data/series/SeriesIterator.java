package dev.seq4j.data.series;

import org.datavec.api.records.reader.impl.collection.CollectionSequenceRecordReader;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator;
import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator.AlignmentMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import dev.seq4j.data.RowIterator;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Minibatches of series for a many-to-one classifier, built by DataVec's
 * {@link SequenceRecordReaderDataSetIterator} from a features sequence and a one-step label sequence per
 * series, with {@link AlignmentMode#ALIGN_END}: the label lands on the series' own last step. Series start
 * together at step 0 and shorter ones are padded (and masked) after their end, which is where
 * {@code LastTimeStepVertex} and masked pooling look. Each batch is normalised, then each series' label is
 * read off its last step:
 * <pre>
 * features [mb, F, T], features mask [mb, T] (1 for real steps, then 0 for padding), labels [mb, C] one-hot
 * </pre>
 * The order is shuffled each epoch (seeded), or kept for evaluation and prediction.
 */
public final class SeriesIterator extends RowIterator {
    private final SeriesClassData.Split split;
    private final int classes;
    private final int batchSize;
    private final DataNormalization normalizer;
    private SequenceRecordReaderDataSetIterator inner;

    /**
     * @param normalizer fitted by {@link #fitNormalizer}, or {@code null} for raw values
     */
    public SeriesIterator(SeriesClassData.Split split, int classes, int batchSize, DataNormalization normalizer,
                          long seed, boolean shuffle) {
        super(split.size(), seed, shuffle);
        this.split = split;
        this.classes = classes;
        this.batchSize = batchSize;
        this.normalizer = normalizer;
        reset();
    }

    /**
     * A normaliser of the given kind ({@code standardize}, {@code minmax}) fitted on {@code train} alone, its
     * statistics over real time steps only (padding is masked out); {@code null} for {@code none}.
     */
    public static DataNormalization fitNormalizer(dev.seq4j.config.SeriesClassDataSpec.Normalize kind, SeriesClassData.Split train) {
        DataNormalization normalizer = switch (kind) {
            case STANDARDIZE -> new NormalizerStandardize();
            case MINMAX -> new NormalizerMinMaxScaler();
            default -> null;
        };
        if (normalizer != null) {
            int classes = java.util.Arrays.stream(train.classes()).max().orElse(0) + 1;
            normalizer.fit(dataVec(train, IntStream.range(0, train.size()).boxed().toList(), classes, 64));
        }
        return normalizer;
    }

    public int batchCount() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    /** DataVec's iterator over {@code rows} of the split: one sequence record of features and one of labels each. */
    private static SequenceRecordReaderDataSetIterator dataVec(SeriesClassData.Split split, List<Integer> rows,
                                                               int classes, int batchSize) {
        List<List<List<Writable>>> features = new ArrayList<>(rows.size());
        List<List<List<Writable>>> labels = new ArrayList<>(rows.size());
        for (int r : rows) {
            double[][] values = split.series().get(r).values();
            List<List<Writable>> steps = new ArrayList<>(values.length);
            for (double[] step : values) {
                List<Writable> w = new ArrayList<>(step.length);
                for (double v : step) {
                    w.add(new DoubleWritable(v));
                }
                steps.add(w);
            }
            features.add(steps);
            // one label step, which ALIGN_END puts at the series' last step; unlabelled rows (predict) read as class 0
            labels.add(List.of(List.of(new IntWritable(Math.max(split.classes()[r], 0)))));
        }
        return new SequenceRecordReaderDataSetIterator(new CollectionSequenceRecordReader(features),
                new CollectionSequenceRecordReader(labels), batchSize, Math.max(classes, 2), false,
                AlignmentMode.ALIGN_END);
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("batches have the size given at construction");
        }
        return next();
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next() {
        DataSet batch = inner.next();
        if (normalizer != null) {
            normalizer.transform(batch);
        }
        // [mb, C, T] with one one-hot step per series, at its last step (zeros elsewhere) -> [mb, C]
        INDArray labels = batch.getLabels().sum(2);
        INDArray mask = batch.getFeaturesMaskArray();                                 // [mb, T] or null
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{batch.getFeatures()}, new INDArray[]{labels},
                mask == null ? null : new INDArray[]{mask}, null);
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }

    @Override
    public void reset() {
        inner = dataVec(split, epochOrder(), classes, batchSize);
    }
}
