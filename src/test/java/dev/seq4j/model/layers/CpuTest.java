package dev.seq4j.model.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTest {
    @Test
    void anIsaLimitBelowAvx512TurnsItsKernelsOff() {
        assertTrue(Cpu.allowsAvx512(null));
        assertTrue(Cpu.allowsAvx512(""));
        assertTrue(Cpu.allowsAvx512("ALL"));
        assertTrue(Cpu.allowsAvx512("avx512_core_vnni"));
        assertFalse(Cpu.allowsAvx512("AVX2"));
        assertFalse(Cpu.allowsAvx512(" avx2_vnni "));
        assertFalse(Cpu.allowsAvx512("SSE41"));
    }

    @Test
    void avx512KernelsNeedTheCpusFlags() {
        if (!Cpu.flags().contains("avx512f")) {
            assertFalse(Cpu.oneDnnAvx512());
        }
        if (Cpu.oneDnnAvx512()) {
            assertTrue(Cpu.flags().containsAll(java.util.List.of("avx512f", "avx512bw", "avx512vl", "avx512dq")));
        }
    }
}
