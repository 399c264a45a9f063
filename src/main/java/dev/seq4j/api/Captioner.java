package dev.seq4j.api;

import dev.seq4j.result.CaptionSummary;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image captioning run ({@code task: caption}): a convolutional encoder reads the image, scaled to the run's
 * {@link #width()} x {@link #height()}, and a recurrent decoder writes the caption a word at a time.
 */
public interface Captioner extends TrainedModel {
    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: the beam and greedy decoders' scores against the trivial caption
     */
    @Override
    CaptionSummary summary();

    /**
     * The image width the model reads.
     *
     * @return the width in pixels
     */
    int width();

    /**
     * The image height the model reads.
     *
     * @return the height in pixels
     */
    int height();

    /**
     * The beam width a caption uses unless told otherwise.
     *
     * @return the run's own beam width ({@code data.beam})
     */
    int beam();

    /**
     * Captions one image with the run's beam width.
     *
     * @param image an image of any size
     * @return its caption, words between spaces
     */
    String caption(BufferedImage image);

    /**
     * Captions one image.
     *
     * @param image an image of any size
     * @param beam the beam width, 1 (greedy) to 100, or 0 for the run's own
     * @return its caption, words between spaces
     */
    String caption(BufferedImage image, int beam);

    /**
     * Captions images together, in minibatches of at most 128.
     *
     * @param images images of any size
     * @param beam   the beam width, 1 (greedy) to 100, or 0 for the run's own
     * @return one caption per image, in order
     */
    List<String> caption(List<BufferedImage> images, int beam);
}
