package dev.seq4j.model;

import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CharLmModelTest {
    static RunConfig config(String... overrides) {
        return dev.seq4j.TestConfigs.charlm(3, java.util.Map.of("train", "x.txt"), overrides);
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void configurationJsonRoundTripsEqual() {
        ComputationGraphConfiguration conf = CharLmModel.configuration(config("model.layers=[16, 24]",
                "model.dropout=0.2", "train.lrSchedule=step", "train.lrGamma=0.5", "train.lrStep=2",
                "train.tbpttLength=20", "train.l2=1e-4"), 11);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
    }

    @Test
    void stackTbpttClippingAndScheduleFollowTheSpec() {
        ComputationGraphConfiguration conf = CharLmModel.configuration(config("model.layers=[16, 24]",
                "train.tbpttLength=20", "train.lrSchedule=step", "train.lrGamma=0.5", "train.lrStep=2"), 11);
        assertEquals(List.of("chars"), conf.getVertexInputs().get("rnn0"));
        assertEquals(List.of("rnn0"), conf.getVertexInputs().get("rnn1"));
        assertEquals(List.of("rnn1"), conf.getVertexInputs().get("out"));
        assertEquals(BackpropType.TruncatedBPTT, conf.getBackpropType());
        assertEquals(20, conf.getTbpttFwdLength());
        assertEquals(20, conf.getTbpttBackLength());
        assertEquals(5, CharLmModel.configuration(config("train.tbpttLength=20", "train.tbpttBackLength=5"), 11)
                .getTbpttBackLength());
        LSTM rnn1 = (LSTM) layer(conf, "rnn1");
        assertEquals(16, rnn1.getNIn());
        assertEquals(24, rnn1.getNOut());
        assertEquals(GradientNormalization.ClipL2PerLayer, rnn1.getGradientNormalization());
        Adam adam = (Adam) rnn1.getIUpdater();
        assertInstanceOf(StepSchedule.class, adam.getLearningRateSchedule());
        assertEquals(0.5 * 2e-3, adam.getLearningRateSchedule().valueAt(0, 2), 1e-12);
    }

    @Test
    void clippingWeightDecayDropoutAndForgetBiasReachTheLayers() {
        ComputationGraphConfiguration conf = CharLmModel.configuration(config("train.clipNorm=0",
                "train.clipValue=0.5", "train.l2=0.001", "model.dropout=0.25", "model.forgetBias=2.0"), 7);
        LSTM rnn0 = (LSTM) layer(conf, "rnn0");
        assertEquals(GradientNormalization.ClipElementWiseAbsoluteValue, rnn0.getGradientNormalization());
        assertEquals(0.5, rnn0.getGradientNormalizationThreshold());
        assertEquals(2.0, rnn0.getForgetGateBiasInit());
        assertEquals(0.75, ((org.deeplearning4j.nn.conf.dropout.Dropout) rnn0.getIDropout()).getP(), 1e-12,
                "DL4J keeps the retain probability");
        assertEquals(0.001, ((org.nd4j.linalg.learning.regularization.L2Regularization) rnn0.getRegularization().get(0))
                .getL2().valueAt(0, 0), 1e-12);
        assertEquals(GravesLSTM.class, layer(CharLmModel.configuration(config("model.cell=peephole_lstm",
                "model.forgetBias=0.5"), 7), "rnn0").getClass());
        assertEquals(0.5, ((GravesLSTM) layer(CharLmModel.configuration(config("model.cell=peephole_lstm",
                "model.forgetBias=0.5"), 7), "rnn0")).getForgetGateBiasInit());
    }

    @Test
    void tbpttOffWhenNotShorterThanTheSequences() {
        assertEquals(BackpropType.Standard, CharLmModel.configuration(config("train.tbpttLength=100"), 5)
                .getBackpropType());
    }

    @Test
    void eachCellBuildsItsLayerAndMapsShapes() {
        assertInstanceOf(GravesLSTM.class, layer(CharLmModel.configuration(config("model.cell=peephole_lstm"), 5), "rnn0"));
        assertInstanceOf(SimpleRnn.class, layer(CharLmModel.configuration(config("model.cell=simple_rnn"), 5), "rnn0"));
        assertInstanceOf(dev.seq4j.model.layers.GRU.class, layer(CharLmModel.configuration(config("model.cell=gru"), 5), "rnn0"));
        for (String cell : List.of("lstm", "peephole_lstm", "gru", "simple_rnn")) {
            ComputationGraph net = new ComputationGraph(CharLmModel.configuration(
                    config("model.cell=" + cell, "model.layers=[8, 6]"), 5));
            net.init();
            INDArray out = net.outputSingle(Nd4j.rand(3, 5, 7));
            assertArrayEquals(new long[]{3, 5, 7}, out.shape(), cell);
            assertEquals(21.0, out.sumNumber().doubleValue(), 1e-4, cell + ": a softmax per step");
        }
    }
}
