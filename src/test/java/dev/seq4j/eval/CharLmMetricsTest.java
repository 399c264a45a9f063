package dev.seq4j.eval;

import dev.seq4j.model.CharLmModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CharLmMetricsTest {
    private static ComputationGraph net(int v) {
        ComputationGraph net = new ComputationGraph(CharLmModel.configuration(
                dev.seq4j.TestConfigs.charlm(5, Map.of("train", "x"), "model.layers=[12]"), v));
        net.init();
        return net;
    }

    /** Negative log-likelihood of ids[from+1 .. to] given ids[from .. to-1], one forward pass from a fresh state. */
    private static double nats(ComputationGraph net, int[] ids, int from, int to, int v) {
        int len = to - from;
        INDArray input = Nd4j.zeros(1, v, len);
        for (int t = 0; t < len; t++) {
            input.putScalar(0, ids[from + t], t, 1.0);
        }
        INDArray probs = net.outputSingle(input);
        double nats = 0;
        for (int t = 0; t < len; t++) {
            nats -= Math.log(probs.getDouble(0, ids[from + t + 1], t));
        }
        return nats;
    }

    @Test
    void carriedStateEqualsOneForwardPassOverTheWholeText() {
        int v = 6;
        int[] ids = new Random(1).ints(101, 0, v).toArray();
        ComputationGraph net = net(v);
        double expected = nats(net, ids, 0, 100, v);
        for (int chunk : new int[]{1, 7, 100, 500}) {
            CharLmMetrics m = CharLmMetrics.of(net, ids, v, 1, chunk);
            assertEquals(100, m.predicted());
            assertEquals(expected, m.nats(), 1e-3, "chunk " + chunk);
            assertEquals(expected / 100 / Math.log(2), m.bitsPerChar(), 1e-5);
            assertEquals(Math.exp(expected / 100), m.perplexity(), 1e-4);
        }
    }

    @Test
    void parallelStreamsEachStartFreshAndTheRestIsScoredToo() {
        int v = 5;
        int[] ids = new Random(2).ints(23, 0, v).toArray(); // 22 predictions: 3 streams of 7, 1 left over
        ComputationGraph net = net(v);
        double expected = nats(net, ids, 0, 7, v) + nats(net, ids, 7, 14, v) + nats(net, ids, 14, 21, v)
                + nats(net, ids, 21, 22, v);
        CharLmMetrics m = CharLmMetrics.of(net, ids, v, 3, 2);
        assertEquals(22, m.predicted());
        assertEquals(expected, m.nats(), 1e-3);
    }
}
