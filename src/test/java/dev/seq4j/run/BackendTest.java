package dev.seq4j.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUDA build's device check, where no GPU is needed: which compute capabilities nd4j-cuda-11.6 can run. */
class BackendTest {
    @Test
    void gpusUpToAmpereAreUsableAndHopperIsRefusedInOneLineThatSaysWhy() {
        assertNull(Backend.unsupportedDevice(0, 3, 7));
        assertNull(Backend.unsupportedDevice(1, 8, 6));
        assertNull(Backend.unsupportedDevice(0, 8, 9));       // Ada: sm_89 runs sm_86 code
        String h200 = Backend.unsupportedDevice(0, 9, 0);
        assertTrue(h200 != null && h200.contains("compute capability 9.0") && h200.contains("3.7 to 8.6")
                && h200.contains("H200") && !h200.contains("\n"), h200);
        String line = Backend.noDevice(h200);
        assertTrue(line.contains("found no usable CUDA device: device 0 has compute capability 9.0")
                && line.contains("CPU build"), line);
    }
}
