package dev.seq4j.run;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * What a result was computed with, recorded in every run directory: library versions, the ND4J backend and
 * the native classifier actually on the classpath, the BLAS, threads, Java, OS, CPU and GPU.
 */
public record Versions(String seq4j, String dl4j, String backend, String classifier, String blas,
                       String ompThreads, String javaVersion, String os, String cpu, int cores, String gpu) {

    /** seq4j's own build properties (version, backend profile, classifier it was built with). */
    public static Properties build() {
        Properties props = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/seq4j/build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    public static String seq4jVersion() {
        return build().getProperty("version", "unknown");
    }

    /** Reads the running environment; starts ND4J if it has not started yet. */
    public static Versions current() {
        Properties build = build();
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String gpu = backend.toLowerCase(Locale.ROOT).contains("cuda") ? String.join("; ", Backend.devices()) : "none";
        return new Versions(
                build.getProperty("version", "unknown"),
                build.getProperty("dl4j", "unknown"),
                backend,
                nativeClassifier(build.getProperty("classifier", "unknown")),
                String.valueOf(env.getOrDefault("blas.vendor", "unknown")),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                gpu);
    }

    /** The classifier of the nd4j-native (or nd4j-cuda) jar on the classpath, e.g. {@code linux-x86_64-avx2}. */
    static String nativeClassifier(String fallback) {
        return Arrays.stream(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .filter(n -> (n.startsWith("nd4j-native-") || n.startsWith("nd4j-cuda-"))
                        && n.matches(".*-(linux|windows|macosx)-.*\\.jar"))
                .map(n -> n.replaceAll("^.*?-((linux|windows|macosx)-.*)\\.jar$", "$1"))
                .findFirst().orElse(fallback);
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
