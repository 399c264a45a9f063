package dev.seq4j.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Bits per character and perplexity of a char LM over a whole text, with the recurrent state carried from
 * each character to the next ({@code rnnTimeStep}), so every character is predicted from all of its past
 * within its stream. The text is split into up to {@code streams} contiguous streams run side by side for
 * speed; only the first character of a stream loses its context.
 *
 * @param predicted characters predicted (the text's length minus one)
 * @param nats      total negative log-likelihood in nats
 */
public record CharLmMetrics(long predicted, double nats) {
    /** Floor on a predicted probability before the log, so one underflow cannot make the metric infinite. */
    private static final double MIN_PROB = 1e-30;

    public double bitsPerChar() {
        return nats / predicted / Math.log(2);
    }

    public double perplexity() {
        return Math.exp(nats / predicted);
    }

    public static CharLmMetrics of(ComputationGraph net, int[] ids, int vocabSize, int streams, int chunk) {
        long n = ids.length - 1L;
        int b = (int) Math.max(1, Math.min(streams, n / Math.max(1, chunk)));
        int perStream = (int) (n / b);
        double nats = score(net, ids, vocabSize, b, perStream, 0, chunk);
        int rest = (int) (n - (long) b * perStream);
        if (rest > 0) {
            nats += score(net, ids, vocabSize, 1, rest, b * perStream, chunk);
        }
        return new CharLmMetrics(n, nats);
    }

    /**
     * Each chunk runs in one reused workspace: its arrays (the one-hot inputs and targets, the network's output and
     * the products, {@code [B, V, len]} each) take the same block of memory every time. Allocated afresh per chunk,
     * freed native buffers were not handed back to the system: scoring 5 M characters (V = 28, B = 32) grew the process
     * by 2.2 GB, about 450 bytes per scored character, more with a larger vocabulary. The arithmetic is unchanged.
     */
    private static final WorkspaceConfiguration CHUNK = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.STRICT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    /** {@code streams} streams of {@code length} predictions each, the first input at {@code offset}. */
    private static double score(ComputationGraph net, int[] ids, int vocabSize, int streams, int length, int offset,
                                int chunk) {
        net.rnnClearPreviousState();
        double nats = 0;
        for (int t0 = 0; t0 < length; t0 += chunk) {
            int len = Math.min(chunk, length - t0);
            // input, target and output; ND4J allocates natively, past JavaCPP's limit, and a failed allocation
            // crashes the JVM (SIGSEGV): a model of a huge vocabulary is refused here instead
            dev.seq4j.run.ArrayFile.checkMemory("scoring with a vocabulary of " + vocabSize + " symbols",
                    3L * Float.BYTES * streams * vocabSize * len);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CHUNK, "CharLmMetrics")) {
                INDArray input = Nd4j.zeros(streams, vocabSize, len);    // [B, V, len] one-hot
                INDArray target = Nd4j.zeros(streams, vocabSize, len);   // [B, V, len] one-hot
                for (int s = 0; s < streams; s++) {
                    int base = offset + s * length + t0;
                    for (int t = 0; t < len; t++) {
                        input.putScalar(s, ids[base + t], t, 1.0);
                        target.putScalar(s, ids[base + t + 1], t, 1.0);
                    }
                }
                INDArray probs = net.rnnTimeStep(ws, input)[0];          // [B, V, len] softmax
                INDArray p = probs.mul(target).sum(1);                   // [B, len] probability of each target
                nats -= Transforms.log(Transforms.max(p, MIN_PROB), false).sumNumber().doubleValue();
            }
        }
        net.rnnClearPreviousState();
        return nats;
    }
}
