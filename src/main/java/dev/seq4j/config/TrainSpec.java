package dev.seq4j.config;

/**
 * The training loop shared by every task.
 *
 * @param epochs          passes over the training data
 * @param batchSize       sequences per minibatch
 * @param learningRate    initial Adam learning rate
 * @param lrSchedule      {@code none}, {@code exponential} (lr * gamma^epoch), {@code step} (lr * gamma^floor(epoch/step))
 *                        or {@code cosine}: after {@code lrWarmup}, lr * (1 + cos(pi * progress)) / 2 at each
 *                        minibatch, falling to 0 at the end of the run, where progress is the larger of the share of
 *                        {@code epochs}' minibatches fitted and the share of {@code maxMinutes} spent (so a budgeted
 *                        run anneals within its budget)
 * @param lrGamma         decay factor of the schedule, in (0, 1]
 * @param lrStep          epochs per step of the {@code step} schedule
 * @param maxMinutes      wall-clock budget for training (0 = none); when it runs out training stops cleanly,
 *                        validates and keeps the best model so far
 * @param patience        epochs without validation improvement before early stopping (0 = never stop early)
 * @param clipNorm        per-layer L2 gradient-norm clipping threshold (0 = off)
 * @param clipValue       element-wise gradient clipping threshold (0 = off)
 * @param l2              L2 weight decay coefficient
 * @param tbpttLength     truncated BPTT segment length in time steps (0 = full BPTT over each sequence)
 * @param tbpttBackLength time steps each segment backpropagates through (0 = the whole segment)
 * @param maxBatches      smoke mode: stop each epoch after this many minibatches (0 = all)
 * @param sampleLength    characters generated at the end of training as a sample (0 = none)
 * @param ema             decay of an exponential moving average of the weights, updated after every minibatch;
 *                        validation, the saved model and everything after training use the average (0 = off,
 *                        plain weights; 0.999 averages over about the last 1,000 minibatches)
 * @param labelSmoothing  for encoder-decoders: the share of each training target's probability spread evenly over
 *                        the target vocabulary (Szegedy et al. 2016); validation and test losses stay unsmoothed
 * @param onDivergence    what to do when the training loss or the weights stop being finite: {@code stop} (keep the
 *                        best model and the last good checkpoint, finish the run) or {@code rollback} (reload the last
 *                        good checkpoint, multiply the learning rate by {@code rollbackFactor} and go on)
 * @param rollbacks       rollbacks allowed in a run before it stops as diverged
 * @param rollbackFactor  learning-rate factor of each rollback, in (0, 1)
 * @param averagingFrequency with {@code train --gpus N} or {@code --spark}: minibatches each replica trains between two
 *                        averagings of the replicas' weights and updater states (DL4J's ParallelWrapper or
 *                        ParameterAveragingTrainingMaster)
 * @param prefetch        with {@code train --gpus N}: minibatches made ahead of the devices on another thread; with
 *                        {@code --spark}: minibatch files each executor core loads ahead
 * @param logEvery        minibatches per row of the run's {@code steps.csv} (0 = no steps.csv)
 * @param dl4jStats       record DL4J's training stats ({@code StatsListener}, every {@code logEvery} minibatches, or
 *                        10 when that is 0) into the run's {@code dl4j-stats.bin} for DL4J's own UI
 *                        ({@code seq4j ui --dl4j RUN}); needs the {@code dl4j-ui} build
 * @param keepCheckpoints the latest checkpoints kept in {@code checkpoints/} (at least 1: the latest is what
 *                        {@code train --resume} continues from), end-of-epoch and mid-epoch ones alike
 * @param checkpointEvery also checkpoint every this many minibatches inside an epoch (0 = only after each epoch): a
 *                        kill loses at most that many, and {@code train --resume} goes on from the same minibatch with
 *                        the same data order and random draws, to the result of an uninterrupted run
 * @param keepBest        also kept: the checkpoints of the best epochs by the objective, this many (0 = none)
 * @param init            a finished run of the same task to start from (its run directory, or a sweep's: its best
 *                        trial): the new run takes its vocabularies, labels and normalisers and copies its weights
 *                        (fine-tuning); {@code null} for none
 * @param initVocab       with {@code init}, what happens to tokens (words, characters) that occur in the new training
 *                        data often enough for its own vocabulary ({@code data.minCount}) but are not in the init run's:
 *                        {@code refuse} (a one-line error naming the first one's file and line), {@code keep} the init
 *                        run's vocabulary (they are read as the unknown token, as the init model would read them) or
 *                        {@code extend} it (they are appended, with fresh embedding and output rows)
 * @param freeze          with {@code init}: layers whose copied weights stay as they are (their names as
 *                        {@code seq4j info} lists them, or {@code encoder}: every layer on the input side of the output
 *                        layer and, for the encoder-decoders, not on the decoder's)
 * @param wordDropout     tagging: the share of training words read as the unknown word, drawn afresh each epoch
 *                        (seeded), so that the tagger learns to tag from a word's other features (suffix, shape,
 *                        char-LM states) as it must for words unseen in training; 0 = none
 * @param lrWarmup        with {@code lrSchedule: cosine}: the share of the run (as its progress counts) over which the
 *                        learning rate rises linearly from 0 to {@code learningRate} before it anneals; 0 = none
 */
public record TrainSpec(Integer epochs, Integer batchSize, Double learningRate, LrSchedule lrSchedule, Double lrGamma,
                        Integer lrStep, Double maxMinutes, Integer patience, Double clipNorm, Double clipValue,
                        Double l2, Integer tbpttLength, Integer tbpttBackLength, Integer maxBatches,
                        Integer sampleLength, Double ema, Double labelSmoothing, OnDivergence onDivergence,
                        Integer rollbacks, Double rollbackFactor, Integer averagingFrequency, Integer prefetch,
                        Integer logEvery, Boolean dl4jStats, Integer keepCheckpoints, Integer keepBest,
                        Integer checkpointEvery, String init,
                        InitVocab initVocab, java.util.List<String> freeze, Double wordDropout, Double lrWarmup) {

    public TrainSpec {
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 32 : batchSize;
        learningRate = learningRate == null ? 2e-3 : learningRate;
        lrSchedule = lrSchedule == null ? LrSchedule.NONE : lrSchedule;
        lrGamma = lrGamma == null ? 0.95 : lrGamma;
        lrStep = lrStep == null ? 1 : lrStep;
        maxMinutes = maxMinutes == null ? 0.0 : maxMinutes;
        patience = patience == null ? 3 : patience;
        clipNorm = clipNorm == null ? 1.0 : clipNorm;
        clipValue = clipValue == null ? 0.0 : clipValue;
        l2 = l2 == null ? 0.0 : l2;
        tbpttLength = tbpttLength == null ? 0 : tbpttLength;
        tbpttBackLength = tbpttBackLength == null ? 0 : tbpttBackLength;
        maxBatches = maxBatches == null ? 0 : maxBatches;
        sampleLength = sampleLength == null ? 300 : sampleLength;
        ema = ema == null ? 0.0 : ema;
        labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
        onDivergence = onDivergence == null ? OnDivergence.STOP : onDivergence;
        rollbacks = rollbacks == null ? 3 : rollbacks;
        rollbackFactor = rollbackFactor == null ? 0.5 : rollbackFactor;
        averagingFrequency = averagingFrequency == null ? 5 : averagingFrequency;
        prefetch = prefetch == null ? 8 : prefetch;
        logEvery = logEvery == null ? 10 : logEvery;
        dl4jStats = dl4jStats != null && dl4jStats;
        keepCheckpoints = keepCheckpoints == null ? 1 : keepCheckpoints;
        keepBest = keepBest == null ? 0 : keepBest;
        checkpointEvery = checkpointEvery == null ? 0 : checkpointEvery;
        initVocab = initVocab == null ? InitVocab.REFUSE : initVocab;
        freeze = freeze == null ? java.util.List.of() : java.util.List.copyOf(freeze);
        wordDropout = wordDropout == null ? 0.0 : wordDropout;
        lrWarmup = lrWarmup == null ? 0.0 : lrWarmup;
        ConfigException.check(lrWarmup >= 0 && lrWarmup < 1, "lrWarmup", "must be in [0, 1), got " + lrWarmup);
        ConfigException.check(lrWarmup == 0 || lrSchedule == LrSchedule.COSINE, "lrWarmup",
                "is for lrSchedule: cosine (the share of the run its learning rate rises over)");
        ConfigException.check(wordDropout >= 0 && wordDropout < 1, "wordDropout", "must be in [0, 1), got "
                + wordDropout);
        ConfigException.check(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
        ConfigException.check(batchSize >= 1, "batchSize", "must be at least 1, got " + batchSize);
        ConfigException.check(learningRate > 0 && learningRate < 10, "learningRate",
                "must be in (0, 10), got " + learningRate);
        ConfigException.check(lrGamma > 0 && lrGamma <= 1, "lrGamma", "must be in (0, 1], got " + lrGamma);
        ConfigException.check(lrStep >= 1, "lrStep", "must be at least 1, got " + lrStep);
        ConfigException.check(maxMinutes >= 0, "maxMinutes", "must be >= 0, got " + maxMinutes);
        ConfigException.check(patience >= 0, "patience", "must be >= 0, got " + patience);
        ConfigException.check(clipNorm >= 0, "clipNorm", "must be >= 0, got " + clipNorm);
        ConfigException.check(clipValue >= 0, "clipValue", "must be >= 0, got " + clipValue);
        ConfigException.check(clipNorm == 0 || clipValue == 0, "clipValue",
                "choose one of clipNorm and clipValue (DL4J applies one gradient normalisation per layer)");
        ConfigException.check(l2 >= 0, "l2", "must be >= 0, got " + l2);
        ConfigException.check(tbpttLength >= 0, "tbpttLength", "must be >= 0, got " + tbpttLength);
        ConfigException.check(tbpttBackLength >= 0 && tbpttBackLength <= tbpttLength, "tbpttBackLength",
                "must be in 0..tbpttLength (" + tbpttLength + "), got " + tbpttBackLength);
        ConfigException.check(maxBatches >= 0, "maxBatches", "must be >= 0, got " + maxBatches);
        ConfigException.check(sampleLength >= 0, "sampleLength", "must be >= 0, got " + sampleLength);
        ConfigException.check(ema >= 0 && ema < 1, "ema", "must be in [0, 1), got " + ema);
        ConfigException.check(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing",
                "must be in [0, 1), got " + labelSmoothing);
        ConfigException.check(rollbacks >= 0, "rollbacks", "must be >= 0, got " + rollbacks);
        ConfigException.check(rollbackFactor > 0 && rollbackFactor < 1, "rollbackFactor",
                "must be in (0, 1), got " + rollbackFactor);
        ConfigException.check(averagingFrequency >= 1, "averagingFrequency", "must be at least 1, got "
                + averagingFrequency);
        ConfigException.check(prefetch >= 0, "prefetch", "must be >= 0, got " + prefetch);
        ConfigException.check(logEvery >= 0, "logEvery", "must be >= 0, got " + logEvery);
        ConfigException.check(keepCheckpoints >= 1, "keepCheckpoints", "must be at least 1 (the latest checkpoint is "
                + "what train --resume continues from), got " + keepCheckpoints);
        ConfigException.check(keepBest >= 0, "keepBest", "must be >= 0, got " + keepBest);
        ConfigException.check(checkpointEvery >= 0, "checkpointEvery", "must be >= 0 (minibatches; 0 = after each "
                + "epoch only), got " + checkpointEvery);
        ConfigException.check(init == null || !init.isBlank(), "init", "must name a run directory, got an empty value");
        ConfigException.check(freeze.isEmpty() || init != null, "freeze", "freezes weights copied from another run; "
                + "set train.init too");
        for (String name : freeze) {
            ConfigException.check(name != null && !name.isBlank(), "freeze", "a layer name is empty");
        }
    }

    /** The learning rate's schedule: {@code train.lrSchedule}. */
    public enum LrSchedule implements OptionValue {
        NONE, EXPONENTIAL, STEP, COSINE;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code lrSchedule}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static LrSchedule of(String text) {
            return OptionValue.parse(LrSchedule.class, text, "lrSchedule", "unknown schedule '%1$s', expected one of %2$s");
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** What a fine-tuning run does with tokens its init run's vocabulary lacks: {@code train.initVocab}. */
    public enum InitVocab implements OptionValue {
        REFUSE, KEEP, EXTEND;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code initVocab}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static InitVocab of(String text) {
            return OptionValue.parse(InitVocab.class, text, "initVocab", "unknown choice '%1$s', expected one of %2$s");
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** What training does when the loss diverges: {@code train.onDivergence}. */
    public enum OnDivergence implements OptionValue {
        STOP, ROLLBACK;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code onDivergence}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static OnDivergence of(String text) {
            return OptionValue.parse(OnDivergence.class, text, "onDivergence", "unknown policy '%1$s', expected one of %2$s");
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
