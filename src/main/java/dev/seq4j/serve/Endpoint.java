package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.api.TrainedModel;

import java.util.List;
import java.util.Set;

/**
 * What one task's {@code predict} requests mean: how a JSON input becomes the typed model's input, which request
 * parameters must agree for requests to share a batch, the model's batch call, and an output as JSON. One subclass
 * per kind of model ({@link Endpoints}); the server does the rest (limits, batching, errors) the same for all.
 *
 * @param <I> one input as the typed model takes it
 * @param <O> one output as it gives it
 */
abstract class Endpoint<I, O> {
    final TrainedModel model;
    final ServeOptions options;

    Endpoint(TrainedModel model, ServeOptions options) {
        this.model = model;
        this.options = options;
    }

    /** The request's keys besides {@code input}/{@code inputs}; any other key is refused, naming it. */
    Set<String> parameters() {
        return Set.of();
    }

    /**
     * What requests must share to run in one batch, read and checked from the request's parameters (a beam width, a
     * horizon); {@code ""} when any requests may.
     */
    Object key(JsonNode request) {
        return "";
    }

    /** One input, checked; {@code field} names it in errors ({@code input}, {@code inputs[3]}). */
    abstract I input(JsonNode node, String field);

    /** The typed model's batch call on inputs that share {@code key}; outputs in order. */
    abstract List<O> run(Object key, List<I> inputs);

    /**
     * Runs one typical input through the model, so that the first request does not pay for class loading, the JIT and
     * ND4J's first allocations. A failure is logged and ignored.
     */
    abstract void warmUp();

    /** The output for {@code input} as JSON (a string, a number, an object of them). */
    abstract Object output(I input, O output);
}
