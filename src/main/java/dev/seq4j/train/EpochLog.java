package dev.seq4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch's row of {@code metrics.csv}.
 *
 * @param epoch      1-based
 * @param trainLoss  mean training loss over the epoch's minibatches, in the task's loss unit
 * @param valid      validation metrics, the objective among them
 * @param lr         learning rate used in this epoch
 * @param seconds    wall time of the epoch, training and validation
 * @param tokensPerSecond target tokens trained on per second of training
 * @param dataShare  fraction of the training time spent waiting for the next minibatch (the data pipeline)
 * @param best       whether this epoch gave the best model so far
 */
public record EpochLog(int epoch, double trainLoss, Map<String, Double> valid, double lr, double seconds,
                       double tokensPerSecond, double dataShare, boolean best) {
    public Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("train_loss", trainLoss);
        row.putAll(valid);
        row.put("lr", lr);
        row.put("seconds", seconds);
        row.put("tokens_per_s", tokensPerSecond);
        row.put("data_share", dataShare);
        row.put("best", best);
        return row;
    }
}
