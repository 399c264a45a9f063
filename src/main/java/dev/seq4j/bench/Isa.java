package dev.seq4j.bench;

import dev.seq4j.UserException;
import dev.seq4j.model.layers.Cpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code seq4j bench --isa}: the vector instructions a case may use, so that one machine measures what an AVX2-only
 * machine would. A limit applies to every library that picks its kernels by the CPU, in both processes: for seq4j the
 * JIT ({@code -XX:UseAVX}), OpenBLAS ({@code OPENBLAS_CORETYPE}, ND4J's BLAS) and oneDNN ({@code ONEDNN_MAX_CPU_ISA},
 * and {@code DNNL_MAX_CPU_ISA} for older releases); for PyTorch its own kernels ({@code ATEN_CPU_CAPABILITY}),
 * OpenBLAS and oneDNN. Each process reports what it ran with, so a limit that did not take shows in the table.
 */
public enum Isa {
    /** Whatever the CPU has. */
    NATIVE(0, null, null, null),
    /** AVX2 and FMA (Haswell, 2013; AMD Zen 1-3). */
    AVX2(2, "Haswell", "AVX2", "avx2"),
    /** AVX-512 (Skylake-SP, 2017; AMD Zen 4). */
    AVX512(3, "SkylakeX", "AVX512_CORE", "avx512");

    private final int useAvx;
    private final String openblasCore;
    private final String onednn;
    private final String aten;

    Isa(int useAvx, String openblasCore, String onednn, String aten) {
        this.useAvx = useAvx;
        this.openblasCore = openblasCore;
        this.onednn = onednn;
        this.aten = aten;
    }

    /** Reads {@code --isa}; an unknown value is a one-line error. */
    public static Isa of(String text) {
        for (Isa isa : values()) {
            if (isa.name().equalsIgnoreCase(text.strip())) {
                return isa;
            }
        }
        throw new UserException("--isa: unknown '" + text + "', expected native, avx2 or avx512");
    }

    /** The JVM options of a seq4j case's process. */
    public List<String> jvmOptions() {
        return useAvx == 0 ? List.of() : List.of("-XX:UseAVX=" + useAvx);
    }

    /** The environment of a seq4j case's process. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (this != NATIVE) {
            env.put("OPENBLAS_CORETYPE", openblasCore);
            env.put("ONEDNN_MAX_CPU_ISA", onednn);
            env.put("DNNL_MAX_CPU_ISA", onednn);
        }
        return env;
    }

    /** The environment of the PyTorch peer's process. */
    public Map<String, String> peerEnvironment() {
        Map<String, String> env = environment();
        if (this != NATIVE) {
            env.put("ATEN_CPU_CAPABILITY", aten);
        }
        return env;
    }

    /**
     * Fails when this CPU lacks the instructions: a limit can only take some away.
     *
     * @param flags the CPU's flags ({@link #cpuFlags()})
     */
    public void checkAvailable(List<String> flags) {
        String needed = this == AVX512 ? "avx512f" : this == AVX2 ? "avx2" : null;
        if (needed != null && !flags.isEmpty() && !flags.contains(needed)) {
            throw new UserException("--isa " + name().toLowerCase(Locale.ROOT) + ": this CPU has no " + needed
                    + " (a limit can only take instructions away)");
        }
    }

    /** The CPU's flags from {@code /proc/cpuinfo}, or empty where it cannot be read. */
    public static List<String> cpuFlags() {
        return Cpu.flags();
    }

    /** The widest vector extension among the flags: {@code avx512}, {@code avx2}, ... */
    public static String widest(List<String> flags) {
        return flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : flags.contains("avx") ? "avx"
                : flags.isEmpty() ? "unknown" : "sse";
    }

    /**
     * What this process's JIT runs with, {@code UseAVX=N}; {@link Bench} adds the kernels OpenBLAS picked (from the
     * CPU or {@code OPENBLAS_CORETYPE}), which OpenBLAS prints as it loads under {@code OPENBLAS_VERBOSE=2} (the
     * JavaCPP presets of ND4J's OpenBLAS do not map {@code openblas_get_corename}).
     */
    public static String ofThisProcess() {
        String jit = "?";
        try {
            jit = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseAVX").getValue();
        } catch (RuntimeException e) {
            // not HotSpot
        }
        return "UseAVX=" + jit;
    }
}
