package dev.seq4j.api;

import dev.seq4j.data.caption.Images;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.CaptionTask;
import dev.seq4j.task.Seq2seqTask;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.util.List;

/** {@link Captioner} of a run: its word vocabulary, image size and decoder, as the task saved them. */
final class RunCaptioner extends RunModel implements Captioner {
    private final CaptionTask.Loaded m;

    private RunCaptioner(RunDirectory run, CaptionTask.Loaded m) {
        super(run, m.config());
        this.m = m;
    }

    /** Reads a caption run: vocabulary and image size checked against the model before its weights. */
    static RunCaptioner load(RunDirectory run) {
        return new RunCaptioner(run, CaptionTask.Loaded.of(run));
    }

    @Override
    public int width() {
        return m.width();
    }

    @Override
    public int height() {
        return m.height();
    }

    @Override
    public dev.seq4j.result.CaptionSummary summary() {
        return (dev.seq4j.result.CaptionSummary) super.summary();
    }

    @Override
    public int beam() {
        return m.spec().beam();
    }

    @Override
    public String caption(BufferedImage image) {
        return caption(image, 0);
    }

    @Override
    public String caption(BufferedImage image, int beam) {
        return caption(java.util.Collections.singletonList(image), beam).get(0);
    }

    @Override
    public List<String> caption(List<BufferedImage> images, int beam) {
        int width = beam(beam, m.spec().beam());
        checked(images, "images");
        if (images.isEmpty()) {
            return List.of();
        }
        // pixels [n, 3, H, W], each image scaled to the run's size as in training
        int size = Images.CHANNELS * m.width() * m.height();
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            Images.pixels(images.get(i), m.width(), m.height(), data, i * size);
        }
        INDArray pixels = Nd4j.create(data, new long[]{images.size(), Images.CHANNELS, m.height(), m.width()}, 'c');
        List<Seq2seqDecoder.Output> outputs;
        synchronized (m.decoder()) { // the decoder's step graph carries recurrent state from step to step
            outputs = m.decoder().decode(pixels, width, m.spec().lengthNorm(), m.maxLength());
        }
        return outputs.stream().map(o -> String.join(" ", Seq2seqTask.tokens(o, m.words()))).toList();
    }
}
