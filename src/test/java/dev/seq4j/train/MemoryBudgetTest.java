package dev.seq4j.train;

import dev.seq4j.run.Jvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void theProcessCapIsFourHeapsButNeverMoreThanNinetyPercentOfTheMachine() {
        assertEquals(4 * GIB, MemoryBudget.maxPhysicalBytes(GIB, 24 * GIB));
        // JavaCPP's own default, 4 x a quarter of the machine, is the whole machine
        assertEquals((long) (0.9 * 24 * GIB), MemoryBudget.maxPhysicalBytes(6 * GIB, 24 * GIB));
        assertEquals((long) (0.9 * 2 * GIB), MemoryBudget.maxPhysicalBytes(64 * GIB, 2 * GIB));
    }

    @Test
    void theEstimateIsPrintedWhenItIsAGibibyteOrAQuarterOfWhatIsAvailable() {
        assertEquals("memory: about 1.0 GiB to train: ...; 20.0 GiB available",
                MemoryBudget.report("about 1.0 GiB to train: ...", GIB, 20 * GIB));
        assertEquals("memory: x; 1.0 GiB available", MemoryBudget.report("x", GIB / 4, GIB));
        assertEquals(null, MemoryBudget.report("x", GIB / 4 - 1, GIB));
        assertEquals(null, MemoryBudget.report("x", 600L << 20, 20 * GIB));
    }

    /** The command line as a user starts it, with a heap larger than the machine: main sizes the cap first. */
    @Test
    void mainCapsJavaCppAtTheMachinesMemoryUnlessTheUserSetIt() throws Exception {
        long machine = MemoryBudget.machineBytes();
        long cap = processLimit(List.of("-Xmx" + Math.max(64, 8 * machine / GIB) + "g"));
        assertTrue(cap <= 0.9 * machine && cap > 0.8 * machine, cap + " of " + machine);
        // an explicit setting is the user's
        assertEquals(3 * GIB, processLimit(List.of("-Xmx1g", "-D" + MemoryBudget.MAX_PHYSICAL + "=3G")));
    }

    /** What {@code seq4j info} reports as the process limit, in bytes (it prints MiB). */
    private static long processLimit(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Jvm.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", Jvm.classPath(), "dev.seq4j.cli.Seq4j", "info"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Matcher m = Pattern.compile("process limit \\(org\\.bytedeco\\.javacpp\\.maxphysicalbytes\\)\\s+([\\d,]+) MiB")
                .matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1).replace(",", "")) << 20;
    }
}
