package dev.seq4j.data.caption;

import dev.seq4j.UserException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads images with the JDK's ImageIO (PNG, JPEG, GIF, BMP) into RGB pixel values in [0, 1], channels first,
 * scaled (bilinear) to a fixed size when they differ. DataVec's image loaders would bring OpenCV's native libraries
 * (hundreds of megabytes) for what ImageIO does here.
 */
public final class Images {
    public static final int CHANNELS = 3;

    private Images() {
    }

    /** The image of {@code file}; a missing or unreadable file is an error naming {@code where} (file and line). */
    public static BufferedImage read(String where, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserException(where + ": no such image: " + file);
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new UserException(where + ": " + file + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
            }
            return image;
        } catch (IOException e) {
            throw new UserException(where + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** Writes {@code image}, scaled to {@code width x height}, into {@code out} at {@code offset} as {@code [3, H, W]}. */
    public static void pixels(BufferedImage image, int width, int height, float[] out, int offset) {
        BufferedImage scaled = image;
        if (image.getWidth() != width || image.getHeight() != height || image.getType() != BufferedImage.TYPE_INT_RGB) {
            scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
            g.dispose();
        }
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = scaled.getRGB(x, y);
                int p = offset + y * width + x;
                out[p] = ((rgb >> 16) & 0xff) / 255f;
                out[p + plane] = ((rgb >> 8) & 0xff) / 255f;
                out[p + 2 * plane] = (rgb & 0xff) / 255f;
            }
        }
    }
}
