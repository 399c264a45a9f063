package dev.seq4j.train;

import dev.seq4j.run.ModelFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The epoch's training loss per target token, and the divergence guard: after every minibatch's update the loss and
 * the weights must be finite (one reduction over the weights, well under a millisecond for our models).
 * <p>
 * DL4J's score of a minibatch is its summed loss over the minibatch size; times the size it is the minibatch's
 * summed loss, whatever its padding, and a truncated-BPTT segment's likewise. Over the target tokens the
 * {@link Budget} counted (the label mask's sum), that is a loss per real token.
 */
final class ScoreMeter extends BaseTrainingListener {
    private double sum;
    private long count;
    private double summedLoss;
    private boolean sizesKnown = true;
    private String divergence;

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) { // replicas call at once
        double score = model.score();
        check(score, model, " at minibatch " + (count + 1));
        sum += score;
        count++;
        long size = minibatchSize(model);
        if (size > 0) {
            summedLoss += score * size;
        } else {
            sizesKnown = false;
        }
    }

    /** The minibatch's size ({@code batchSize()} reads the labels, set while listeners run), or 0 when unknown. */
    private static long minibatchSize(Model model) {
        try {
            return model.batchSize();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void check(double score, Model model, String where) {
        if (!Double.isFinite(score)) {
            divergence = "the training loss became " + score + where;
        } else if (!ModelFile.isFinite(model.params())) {
            divergence = "the weights became NaN or infinite" + where;
        }
    }

    /** An epoch trained elsewhere ({@link EpochFitter}): its mean score over {@code batches}, and the weights after. */
    synchronized void external(double meanScore, int batches, Model model) {
        if (batches == 0) {
            return;
        }
        check(meanScore, model, "");
        sum += meanScore * batches;
        count += batches;
        sizesKnown = false;
    }

    /** Scores seen this epoch (minibatches, or truncated-BPTT segments). */
    synchronized long scored() {
        return count;
    }

    boolean diverged() {
        return divergence != null;
    }

    String divergence() {
        return divergence;
    }

    /** What the meter has summed this epoch, for a mid-epoch checkpoint. */
    record Sums(double sum, long count, double summedLoss, boolean sizesKnown) {
    }

    synchronized Sums sums() {
        return new Sums(sum, count, summedLoss, sizesKnown);
    }

    /** Goes on from {@code sums} (a resumed epoch). */
    synchronized void restore(Sums sums) {
        sum = sums.sum();
        count = sums.count();
        summedLoss = sums.summedLoss();
        sizesKnown = sums.sizesKnown();
    }

    void reset() {
        sum = 0;
        count = 0;
        summedLoss = 0;
        sizesKnown = true;
        divergence = null;
    }

    /**
     * The summed training loss in nats of this epoch's minibatches so far, which held {@code examples} rows (without
     * the minibatches' sizes: the mean score times the examples); 0 before the first.
     */
    synchronized double summed(long examples) {
        if (count == 0) {
            return 0;
        }
        return sizesKnown ? summedLoss : sum / count * examples;
    }

    /**
     * The loss per target token in nats over the minibatches seen, which held {@code tokens} targets in
     * {@code examples} rows; NaN before the first. Without the minibatches' sizes (an epoch fitted elsewhere): the
     * mean score, a loss per example, times the examples over the tokens.
     */
    synchronized double perToken(long tokens, long examples) {
        if (count == 0 || tokens <= 0) {
            return Double.NaN;
        }
        return summed(examples) / tokens;
    }
}
