package dev.seq4j.model.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the CPU offers the native libraries: its flags, and the widest kernels oneDNN will pick. */
public final class Cpu {
    private static final List<String> FLAGS = readFlags();

    private Cpu() {
    }

    /** The CPU's flags from {@code /proc/cpuinfo}, or empty where it cannot be read. */
    public static List<String> flags() {
        return FLAGS;
    }

    /**
     * Whether oneDNN, which does ND4J's single-precision matrix products on its {@code onednn} builds, runs AVX-512
     * kernels here: the CPU has them ({@code avx512f}, {@code avx512bw}, {@code avx512vl}, {@code avx512dq}: oneDNN's
     * {@code AVX512_CORE}) and neither {@code ONEDNN_MAX_CPU_ISA} nor {@code DNNL_MAX_CPU_ISA} (which older releases,
     * ND4J's among them, read) limits it below. Unknown (no {@code /proc/cpuinfo}) counts as no.
     */
    public static boolean oneDnnAvx512() {
        return FLAGS.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))
                && allowsAvx512(System.getenv("ONEDNN_MAX_CPU_ISA")) && allowsAvx512(System.getenv("DNNL_MAX_CPU_ISA"));
    }

    /** Whether a {@code *_MAX_CPU_ISA} value (unset, {@code ALL}, {@code AVX512_CORE_VNNI}, ...) allows AVX-512. */
    static boolean allowsAvx512(String limit) {
        if (limit == null || limit.isBlank()) {
            return true;
        }
        String value = limit.strip().toUpperCase(Locale.ROOT);
        return value.equals("ALL") || value.startsWith("AVX512") || value.startsWith("AVX10");
    }

    private static List<String> readFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
