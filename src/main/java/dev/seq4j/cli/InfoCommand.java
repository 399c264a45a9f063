package dev.seq4j.cli;

import dev.seq4j.model.layers.FastLSTMLayer;
import dev.seq4j.run.Backend;
import dev.seq4j.run.Versions;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code seq4j info}: the backend, build, threads and memory limits this installation trains with. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the backend, native build, BLAS, thread settings, memory limits and which recurrent "
                + "implementation training uses.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** What {@code seq4j info} prints where ND4J cannot start: the build, the machine and why not. */
    static Map<String, String> withoutBackend(String problem) {
        var build = Versions.build();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("seq4j", build.getProperty("version", "unknown"));
        facts.put("DL4J", build.getProperty("dl4j", "unknown"));
        facts.put("backend", build.getProperty("backend", "unknown") + " (built in; not started)");
        facts.put("native build", build.getProperty("classifier", "unknown"));
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("Java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("problem", problem);
        return facts;
    }

    /** What {@code seq4j info} prints, in order. */
    public static Map<String, String> facts() {
        Versions v = Versions.current();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("seq4j", v.seq4j());
        facts.put("DL4J", v.dl4j());
        facts.put("backend", v.backend());
        facts.put("native build", v.classifier());
        facts.put("BLAS", v.blas());
        facts.put("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS",
                "unset (ND4J then uses every core per op; ./seq4j and the Docker image set 1)"));
        facts.put("ND4J threads per op", Integer.toString(Nd4j.getEnvironment().maxMasterThreads()));
        facts.put("BLAS threads", Integer.toString(Nd4j.factory().blas().getMaxThreads()));
        int cores = Runtime.getRuntime().availableProcessors();
        facts.put("cores", Integer.toString(cores));
        facts.put("LSTM", FastLSTMLayer.availableHere()
                ? "seq4j's fast CPU implementation" + (cores > 1 ? ", large products on a second core" : "")
                : "DL4J's own (the fast one is for the CPU backend)");
        facts.put("JVM heap limit", mib(Runtime.getRuntime().maxMemory()));
        facts.put("off-heap limit (org.bytedeco.javacpp.maxbytes)", mib(Pointer.maxBytes()));
        facts.put("process limit (org.bytedeco.javacpp.maxphysicalbytes)", mib(Pointer.maxPhysicalBytes()));
        facts.put("Java", v.javaVersion());
        facts.put("OS", v.os());
        facts.put("CPU", v.cpu());
        facts.put("GPU", v.gpu());
        facts.put("Spark", SparkBuild.describe());
        facts.put("DL4J UI", dev.seq4j.train.Dl4jStats.available()
                ? "in this build (train.dl4jStats, seq4j ui --dl4j RUN)"
                : "not in this build (./mvnw -B -DskipTests -Pcpu,dl4j-ui package adds it)");
        if (Backend.isCudaBuild()) {
            java.util.List<String> devices = Backend.devices();
            for (int i = 0; i < devices.size(); i++) {
                facts.put(i == 0 ? "CUDA devices" : "", devices.get(i));
            }
            facts.put("cuDNN", Backend.cudnn());
            facts.put("workspaces", "DL4J's defaults (ENABLED for training and inference)");
        }
        return facts;
    }

    private static String mib(long bytes) {
        return bytes <= 0 ? "none" : String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String problem = Backend.problem();
        Map<String, String> facts = problem == null ? facts() : withoutBackend(problem);
        int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0);
        facts.forEach((key, value) -> out.printf("%-" + width + "s  %s%n", key, value));
        out.flush();
        if (problem != null) {
            spec.commandLine().getErr().println("seq4j: failed: " + problem);
            return Seq4j.FAILURE;
        }
        return Seq4j.OK;
    }
}
