package dev.seq4j.model;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.Activation;

/**
 * Captioning, one-to-many: a small CNN encodes the image into one vector, which the decoder of
 * {@link Seq2seqModel} reads at every step (the seeds' image captioning, Vinyals et al. 2015, with the image fed at
 * every step rather than only first):
 * <pre>
 * image [mb, 3, H, W] -> conv0 3x3 16 relu -> pool 2x2 [mb, 16, H/2, W/2] -> conv1 3x3 32 relu -> pool 2x2
 *   [mb, 32, H/4, W/4] -> features: dense relu [mb, F] -> repeat [mb, F, Tt] --\
 * previous [mb, 1, Tt] (&lt;s&gt; w1 .. wn) -> targetEmbed [mb, E, Tt] -----------> merge -> decoder [mb, D, Tt]
 *   -> out: softmax [mb, V, Tt] (w1 .. wn &lt;/s&gt;)
 * </pre>
 * The flattened feature maps keep where things are, which captions about left and right need. F is the last of
 * {@code model.layers}; D is {@code model.decoder} (0: F). Sizes divided by 2 round up.
 */
public final class CaptionModel {
    public static final String IMAGE = "image";
    public static final String FEATURES = "features";
    public static final int[] FILTERS = {16, 32};

    private CaptionModel() {
    }

    /** The image encoding's width F: the last of {@code model.layers}. */
    public static int featureSize(ModelSpec spec) {
        return spec.layers().get(spec.layers().size() - 1);
    }

    public static ComputationGraphConfiguration training(RunConfig config, int channels, int height, int width,
                                                         int targetVocab) {
        ModelSpec spec = config.model();
        ComputationGraphConfiguration.GraphBuilder graph = RecurrentStack.graph(config.seed(), config.train())
                .addInputs(IMAGE, Seq2seqModel.PREVIOUS);
        String below = IMAGE;
        int nIn = channels;
        int h = height;
        int w = width;
        for (int i = 0; i < FILTERS.length; i++) {
            graph.addLayer("conv" + i, new ConvolutionLayer.Builder(3, 3).nIn(nIn).nOut(FILTERS[i])
                            .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), below)
                    .addLayer("pool" + i, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                            .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build(), "conv" + i);
            below = "pool" + i;
            nIn = FILTERS[i];
            h = (h + 1) / 2;
            w = (w + 1) / 2;
        }
        DenseLayer.Builder dense = new DenseLayer.Builder().nIn((long) nIn * h * w).nOut(featureSize(spec))
                .activation(Activation.RELU);
        if (spec.dropout() > 0) {
            dense.dropOut(new Dropout(1 - spec.dropout()));
        }
        graph.addLayer(FEATURES, dense.build(), below)                                          // [mb, F]
                .inputPreProcessor(FEATURES, new CnnToFeedForwardPreProcessor(h, w, nIn));
        Seq2seqModel.decoder(graph, spec, targetVocab, FEATURES, featureSize(spec), null);
        return graph.build();
    }
}
