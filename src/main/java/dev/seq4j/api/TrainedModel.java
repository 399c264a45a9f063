package dev.seq4j.api;

import dev.seq4j.config.RunConfig;
import dev.seq4j.result.Summary;

import java.nio.file.Path;

/**
 * A finished run, loaded once by {@link Seq4j#load(Path)}: its network and everything it needs to read inputs and
 * write outputs, held in memory. The typed sub-interfaces predict.
 * <p>
 * <b>Threads.</b> A model may be shared by any number of threads. Its calls run one at a time: DL4J's
 * {@code ComputationGraph.output} is itself {@code synchronized} on the network (1.0.0-M2.1), because a forward pass
 * keeps its inputs, masks and recurrent state in the network object, and generation and beam search carry recurrent
 * state from step to step; ND4J already spreads one call over every core. Throughput comes from the batch forms,
 * which run many inputs through the network as one minibatch; for calls in parallel, load the run once per thread
 * (each load is an independent copy of the network).
 * <p>
 * Nothing needs closing: the arrays are released by the garbage collector.
 */
public interface TrainedModel {
    /** Most inputs a batch call runs through the network as one minibatch; a longer list runs as several. */
    int MAX_BATCH = 512;

    /**
     * The run's task.
     *
     * @return the task id, as in the run's config ({@code textclass}, {@code tagging}, ...)
     */
    String task();

    /**
     * Where the model was read from.
     *
     * @return the run directory (for a sweep, the run its {@code best.json} points to)
     */
    Path runDirectory();

    /**
     * How the run was trained.
     *
     * @return the run's resolved config, as {@code config.yaml} holds it
     */
    RunConfig config();

    /**
     * What training reported.
     *
     * @return the run's {@code summary.json} as its task's record (metrics, baselines, what the model was trained on),
     *         as read at load; the typed models narrow it, e.g. {@link TextClassifier#summary()}
     */
    Summary summary();

    /**
     * Where a fine-tuned run started ({@code train.init}).
     *
     * @return the init run's path, objective and model SHA-256, as the run's {@code summary.json} records them; empty
     *         for a run trained from scratch. The default reads them from {@link #runDirectory()}; seq4j's models
     *         read them once, at load
     */
    default java.util.Optional<dev.seq4j.result.Origin> origin() {
        return java.util.Optional.ofNullable(dev.seq4j.task.Tasks.origin(
                dev.seq4j.run.RunDirectory.open(runDirectory())));
    }
}
