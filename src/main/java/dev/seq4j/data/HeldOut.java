package dev.seq4j.data;

import dev.seq4j.UserException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A validation set held out of the training data at random (seeded): labelled files are often sorted by
 * label, so the tail of a file is no sample of it.
 *
 * @param train the rows kept for training, in shuffled order
 * @param valid the rows held out
 */
public record HeldOut<T>(List<T> train, List<T> valid) {
    /**
     * @param fraction of the rows to hold out, rounded to the nearest row
     * @param source   what the rows came from, for the message when a part would be empty
     */
    public static <T> HeldOut<T> of(List<T> all, double fraction, long seed, String source) {
        List<T> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        int held = (int) Math.round(all.size() * fraction);
        if (held < 1 || held >= all.size()) {
            throw new UserException("data.valid: " + fraction + " of the " + all.size() + " rows of " + source
                    + " leaves no validation or no training rows");
        }
        return new HeldOut<>(shuffled.subList(held, shuffled.size()), shuffled.subList(0, held));
    }
}
