package dev.seq4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryEstimateTest {
    static RunConfig config(String task, String... overrides) {
        ObjectNode root = (ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", task, "seed", 1,
                "data", Map.of("train", "x")));
        for (String override : overrides) {
            ConfigLoader.applyOverride(root, override);
        }
        return ConfigLoader.fromTree(root);
    }

    /** Every topology seq4j builds, small: the configuration and what DL4J's init() allocates for it. */
    static Map<String, ComputationGraphConfiguration> topologies() {
        Map<String, ComputationGraphConfiguration> confs = new LinkedHashMap<>();
        confs.put("charlm lstm", CharLmModel.configuration(config("charlm", "model.layers=[16, 24]"), 11));
        confs.put("charlm gru residual", CharLmModel.configuration(config("charlm", "model.cell=gru",
                "model.layers=[8, 12, 12]", "model.residual=true"), 7));
        confs.put("charlm peephole", CharLmModel.configuration(config("charlm", "model.cell=peephole_lstm",
                "model.layers=[10]"), 5));
        confs.put("textclass bidirectional", ClassifierModel.textConfiguration(config("textclass",
                "model.layers=[8]", "model.bidirectional=concat", "model.embedding=6"), 30, 3, null));
        confs.put("seriesclass simple_rnn", ClassifierModel.seriesConfiguration(config("seriesclass",
                "model.cell=simple_rnn", "model.layers=[9]", "model.pooling=max"), 4, 2, null));
        confs.put("tagging", TaggerModel.configuration(config("tagging", "model.layers=[8]", "model.embedding=5"),
                40, 12, true, 6));
        confs.put("forecast autoregressive", ForecastModel.autoregressive(config("forecast", "model.layers=[6]",
                "model.forecaster=autoregressive"), 3, 2));
        confs.put("seq2seq attention", Seq2seqModel.training(config("seq2seq", "model.layers=[8]",
                "model.attention=dot", "model.embedding=4"), 20, 15));
        confs.put("caption", CaptionModel.training(config("caption", "model.layers=[8]", "model.embedding=4",
                "model.decoder=6"), 3, 8, 8, 10));
        return confs;
    }

    @Test
    void parametersAndUpdaterStateAreWhatInitAllocates() {
        for (Map.Entry<String, ComputationGraphConfiguration> e : topologies().entrySet()) {
            MemoryEstimate estimate = MemoryEstimate.of(e.getValue(), 32, 50);
            ComputationGraph net = new ComputationGraph(e.getValue());
            net.init();
            assertEquals(net.numParams(), estimate.parameters(), e.getKey());
            assertEquals(4 * net.numParams(), estimate.weightBytes(), e.getKey() + ": float32");
            assertEquals(estimate.weightBytes(), estimate.gradientBytes(), e.getKey());
            // Adam: the first and second moment of every parameter
            assertEquals(2 * estimate.weightBytes(), estimate.updaterBytes(), e.getKey());
            assertTrue(estimate.activationBytes() > 0, e.getKey());
        }
    }

    @Test
    void activationsGrowWithTheMinibatchAndTheSteps() {
        ComputationGraphConfiguration conf = CharLmModel.configuration(config("charlm", "model.layers=[16, 24]"), 11);
        // per step and example: two LSTMs (24 per unit plus the input's width) and the softmax (8 per class)
        long perStep = (24 * 16 + 11) + (24 * 24 + 16) + 8 * 11;
        assertEquals(perStep * 32 * 50 * 4, MemoryEstimate.of(conf, 32, 50).activationBytes());
        assertEquals(2 * MemoryEstimate.of(conf, 32, 50).activationBytes(), MemoryEstimate.of(conf, 64, 50)
                .activationBytes());
        MemoryEstimate e = MemoryEstimate.of(conf, 32, 50);
        assertEquals(e.weightBytes() * 4 + e.activationBytes(), e.total());
    }
}
