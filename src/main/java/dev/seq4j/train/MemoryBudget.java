package dev.seq4j.train;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.MemoryEstimate;
import dev.seq4j.run.NativeMemory;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The memory a training process may use, and the check that a network fits in it before it is built.
 * <p>
 * ND4J keeps its arrays outside the Java heap, allocated through JavaCPP, whose
 * {@code org.bytedeco.javacpp.maxphysicalbytes} caps the whole process's resident memory: past it, an allocation
 * first runs the garbage collector (which frees arrays no longer referenced) and then fails with an
 * {@link OutOfMemoryError} instead of the kernel killing the process. JavaCPP's default is four times the Java heap,
 * and the heap defaults to a quarter of the machine, so the cap was the whole machine or more (25.28 GB on a
 * 25.28 GB machine). {@link #sizeNativeLimits} lowers what the user did not set to 90 % of the machine's memory, a
 * container's limit where there is one.
 */
public final class MemoryBudget {
    public static final String MAX_PHYSICAL = "org.bytedeco.javacpp.maxphysicalbytes";
    public static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    /** The share of the machine's memory one process may take by default. */
    static final double MACHINE_SHARE = 0.9;

    private MemoryBudget() {
    }

    /** The machine's memory as this process sees it ({@link NativeMemory#machineBytes()}). */
    public static long machineBytes() {
        return NativeMemory.machineBytes();
    }

    /**
     * Sets JavaCPP's limits that the user did not set (by {@code -D}, e.g. through {@code SEQ4J_JAVA_OPTS}), before
     * JavaCPP reads them: {@code maxphysicalbytes} to JavaCPP's own default (four times the heap) but at most 90 % of
     * the machine's memory, {@code maxbytes} to its default (the heap) but at most the same. Must run before anything
     * touches ND4J or JavaCPP ({@code Seq4j.main} calls it first).
     */
    public static void sizeNativeLimits() {
        long machine = machineBytes();
        long heap = Runtime.getRuntime().maxMemory();
        if (System.getProperty(MAX_PHYSICAL) == null) {
            System.setProperty(MAX_PHYSICAL, Long.toString(maxPhysicalBytes(heap, machine)));
        }
        if (System.getProperty(MAX_BYTES) == null) {
            System.setProperty(MAX_BYTES, Long.toString(Math.min(heap, (long) (machine * MACHINE_SHARE))));
        }
    }

    /** The process cap for a heap of {@code heap} bytes on a machine of {@code machine}: 4 x heap, at most 90 %. */
    static long maxPhysicalBytes(long heap, long machine) {
        return Math.min(4 * heap, (long) (machine * MACHINE_SHARE));
    }

    /** The bytes this process may still take ({@link NativeMemory#available()}). */
    public static long available() {
        return NativeMemory.available();
    }

    /**
     * Prints what training {@code conf} needs (when it is much, {@link #report}) and returns it, or refuses it with a one-line {@link UserException} when
     * it exceeds {@link #available()}, naming the key to change: {@code model.layers} when the model itself is too
     * large, else the minibatch ({@code train.batchSize}) or the sequences' length.
     *
     * @param steps  time steps of the longest training sequence
     * @param copies networks trained side by side (an ensemble), each as large
     */
    public static ComputationGraphConfiguration checked(ComputationGraphConfiguration conf, RunConfig config, int steps,
                                                        int copies, PrintWriter console) {
        MemoryEstimate one = MemoryEstimate.of(conf, config.train().batchSize(), steps);
        long need = one.total() * copies;
        long available = available();
        String what = (copies == 1 ? "" : copies + " networks, each ") + one.describe();
        if (need > available) {
            String key = one.modelBytes() >= one.activationBytes() ? "model.layers " + config.model().layers()
                    : "train.batchSize " + config.train().batchSize();
            throw new UserException(key + ": the network needs " + what + ", more than the "
                    + MemoryEstimate.size(Math.max(available, 0)) + " this process may still use (" + MAX_PHYSICAL + " "
                    + MemoryEstimate.size(org.bytedeco.javacpp.Pointer.maxPhysicalBytes()) + ", of "
                    + MemoryEstimate.size(machineBytes()) + " of memory); make it smaller"
                    + (key.startsWith("train") ? " (or the sequences shorter)" : ""));
        }
        String line = report(what, need, available);
        if (line != null) {
            console.println(line);
            console.flush();
        }
        return conf;
    }

    /**
     * The line printed before training when the network takes a noticeable share of memory (1 GiB, or a quarter of
     * what is available), else {@code null}: small runs stay quiet, and their console output unchanged.
     */
    static String report(String what, long need, long available) {
        return need >= (1L << 30) || need >= available / 4
                ? "memory: " + what + "; " + MemoryEstimate.size(available) + " available" : null;
    }

    /** As {@link #checked(ComputationGraphConfiguration, RunConfig, int, int, PrintWriter)} for one network. */
    public static ComputationGraphConfiguration checked(ComputationGraphConfiguration conf, RunConfig config, int steps,
                                                        PrintWriter console) {
        return checked(conf, config, steps, 1, console);
    }

    /** The longest of {@code rows} (token or step sequences), for {@code steps}. */
    public static int longest(int[][] rows) {
        return Arrays.stream(rows).mapToInt(r -> r.length).max().orElse(1);
    }
}
