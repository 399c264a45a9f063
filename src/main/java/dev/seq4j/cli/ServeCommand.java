package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.serve.ModelServer;
import dev.seq4j.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code seq4j serve RUN_DIR... [--name NAME=RUN_DIR]... [--host H] [--port P]}: serves finished runs over HTTP until
 * stopped. SIGTERM or Ctrl-C stops taking connections, lets the requests in flight finish, and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Serve finished runs over HTTP: POST /v1/models/NAME/predict, GET /v1/models, /healthz, "
                + "/readyz, /metrics, /openapi.json. Each run is loaded once; concurrent requests to a model are "
                + "batched. Stops on SIGTERM or Ctrl-C after answering the requests in flight.",
                "A model's NAME is its run directory's name unless --name gives one."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "0..*", description = "run directories (or sweeps) made by seq4j")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME=RUN_DIR", description = "serve RUN_DIR under NAME (repeatable)")
    List<String> named = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on; 0.0.0.0 for every interface, as a container needs (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "TCP port; 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--threads", defaultValue = "64", paramLabel = "N",
            description = "requests handled at once; more wait for a thread (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--max-batch", defaultValue = "64", paramLabel = "N",
            description = "most inputs run through a model as one minibatch (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "2", paramLabel = "MS",
            description = "longest a request waits for others to join its minibatch; 0 runs what is queued (default: ${DEFAULT-VALUE})")
    double maxWaitMs;

    @Option(names = "--max-queue", defaultValue = "256", paramLabel = "N",
            description = "most requests waiting per model; more are answered 503 with Retry-After (default: ${DEFAULT-VALUE})")
    int maxQueue;

    @Option(names = "--max-body", defaultValue = "1048576", paramLabel = "BYTES",
            description = "largest request body; larger is answered 413 (default: ${DEFAULT-VALUE})")
    long maxBody;

    @Option(names = "--max-inputs", defaultValue = "256", paramLabel = "N",
            description = "most inputs in one request (default: ${DEFAULT-VALUE})")
    int maxInputs;

    @Option(names = "--max-length", defaultValue = "1000", paramLabel = "N",
            description = "most tokens or time steps in one input, where the model sets no limit (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS",
            description = "longest a request waits for its answer; then 503 (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--workers", paramLabel = "N",
            description = "copies of each model, each run by a thread of its own (more cores per model, that much more "
                    + "memory; default: 2 on two cores or more, else 1)")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        check(port >= 0 && port <= 65535, "--port must be in 0..65535, got " + port);
        check(threads >= 1 && threads <= 10_000, "--threads must be in 1..10000, got " + threads);
        check(maxBatch >= 1 && maxBatch <= 4096, "--max-batch must be in 1..4096, got " + maxBatch);
        check(maxWaitMs >= 0 && maxWaitMs <= 10_000, "--max-wait-ms must be in 0..10000, got " + maxWaitMs);
        check(maxQueue >= 1 && maxQueue <= 1_000_000, "--max-queue must be in 1..1000000, got " + maxQueue);
        check(maxBody >= 1024 && maxBody <= (1L << 30), "--max-body must be in 1024..1073741824, got " + maxBody);
        check(maxInputs >= 1 && maxInputs <= 100_000, "--max-inputs must be in 1..100000, got " + maxInputs);
        check(maxLength >= 1 && maxLength <= 1_000_000, "--max-length must be in 1..1000000, got " + maxLength);
        check(timeoutMs >= 1, "--timeout-ms must be at least 1, got " + timeoutMs);
        int copies = workers == null ? ServeOptions.defaultWorkers() : workers;
        check(copies >= 1 && copies <= 64, "--workers must be in 1..64, got " + copies);
        Map<String, Path> models = models();
        ServeOptions options = new ServeOptions(host, port, threads, maxBatch, Math.round(maxWaitMs * 1000), maxQueue,
                maxBody, maxInputs, maxLength, timeoutMs, copies);
        ModelServer server = ModelServer.start(models, options);
        spec.commandLine().getErr().printf("serving %s on http://%s:%d/ (POST /v1/models/NAME/predict; Ctrl-C stops)%n",
                String.join(", ", models.keySet()), host.contains(":") ? "[" + host + "]" : host, server.port());
        spec.commandLine().getErr().flush();
        Signals.awaitStop("seq4j-serve-stop", () -> server.stop(30_000));
        spec.commandLine().getErr().println("serve: stopped");
        spec.commandLine().getErr().flush();
        return Seq4j.OK;
    }

    /** The models by name: each RUN_DIR under its directory's name, then each --name. */
    Map<String, Path> models() {
        Map<String, Path> models = new LinkedHashMap<>();
        for (Path run : runs) {
            Path name = run.toAbsolutePath().normalize().getFileName();
            add(models, name == null ? run.toString() : name.toString(), run, "RUN_DIR " + run);
        }
        for (String n : named) {
            int eq = n.indexOf('=');
            check(eq > 0 && eq < n.length() - 1, "--name " + n + ": expected NAME=RUN_DIR");
            add(models, n.substring(0, eq), Path.of(n.substring(eq + 1)), "--name " + n);
        }
        check(!models.isEmpty(), "serve: give at least one RUN_DIR (or --name NAME=RUN_DIR)");
        return models;
    }

    private static void add(Map<String, Path> models, String name, Path run, String what) {
        check(!models.containsKey(name), what + ": the name '" + name + "' is taken by " + models.get(name)
                + "; give one of them another with --name NAME=RUN_DIR");
        models.put(name, run);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UserException(message);
        }
    }
}
