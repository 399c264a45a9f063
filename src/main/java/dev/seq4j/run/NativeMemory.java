package dev.seq4j.run;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;

/**
 * How much memory this process may still take for ND4J's arrays, which live outside the Java heap. JavaCPP's
 * {@code org.bytedeco.javacpp.maxphysicalbytes} caps the whole process's resident memory (its {@code maxbytes} does not
 * count ND4J's arrays: {@code Pointer.totalBytes()} stays 0 while they exist), and a native allocation the machine
 * cannot serve crashes the JVM (SIGSEGV) rather than throwing: sizes read from files or configs are checked against
 * {@link #available()} before ND4J allocates them.
 */
public final class NativeMemory {
    private NativeMemory() {
    }

    /**
     * The machine's memory as this process sees it: the container's limit inside one (the JDK reads the cgroup),
     * else the physical memory.
     */
    public static long machineBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    /**
     * Frees the native memory of arrays a forward pass made (its inputs, masks, outputs) now, rather than when the
     * garbage collector finds their Java objects: JavaCPP does not count ND4J's arrays, so nothing makes the collector
     * run for them, and a server answering hundreds of requests a second grew to gigabytes of resident memory between
     * collections. Views and arrays of a workspace are left alone; a {@code null} is skipped.
     */
    public static void release(org.nd4j.linalg.dataset.api.MultiDataSet batch,
                               org.nd4j.linalg.api.ndarray.INDArray... more) {
        if (batch != null) {
            release(batch.getFeatures());
            release(batch.getFeaturesMaskArrays());
            release(batch.getLabels());
            release(batch.getLabelsMaskArrays());
        }
        release(more);
    }

    private static void release(org.nd4j.linalg.api.ndarray.INDArray... arrays) {
        if (arrays == null) {
            return;
        }
        for (org.nd4j.linalg.api.ndarray.INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }

    /**
     * The bytes this process may still take: JavaCPP's {@code maxphysicalbytes} (or, with none, the machine's memory)
     * less its resident memory now, and no more than the machine has available.
     */
    public static long available() {
        long cap = Pointer.maxPhysicalBytes();
        if (cap <= 0) {
            cap = machineBytes();
        }
        long left = cap - Pointer.physicalBytes();
        long free = Pointer.availablePhysicalBytes();
        return free > 0 ? Math.min(left, free) : left;
    }
}
