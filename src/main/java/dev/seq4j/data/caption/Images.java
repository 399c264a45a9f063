package dev.seq4j.data.caption;

import dev.seq4j.UserException;
import dev.seq4j.data.InputFiles;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Reads images with the JDK's ImageIO (PNG, JPEG, GIF, BMP) into RGB pixel values in [0, 1], channels first,
 * scaled (bilinear) to a fixed size when they differ. DataVec's image loaders would bring OpenCV's native libraries
 * (hundreds of megabytes) for what ImageIO does here.
 */
public final class Images {
    public static final int CHANNELS = 3;
    /** The most pixels an image may declare: 64 megapixels, 256 MB decoded, larger than any camera's photo. */
    public static final long MAX_PIXELS = 64_000_000L;

    private Images() {
    }

    /** {@link #read(String, Path, InputFiles.Limit)} with the default limit. */
    public static BufferedImage read(String where, Path file) {
        return read(where, file, InputFiles.Limit.DATA);
    }

    /**
     * The image of {@code file}; a missing, special (a pipe, a device), too large or unreadable file is an error
     * naming {@code where} (file and line), and so is an image of more than {@link #MAX_PIXELS} pixels, refused from
     * its header before a pixel is decoded (a small PNG can declare 100,000 x 100,000 pixels: 40 GB decoded).
     */
    public static BufferedImage read(String where, Path file, InputFiles.Limit limit) {
        InputFiles.Kind kind = InputFiles.kind(file);
        if (kind == InputFiles.Kind.MISSING || kind == InputFiles.Kind.DIRECTORY) {
            throw new UserException(where + ": no such image: " + file);
        }
        byte[] bytes = InputFiles.read(where, file, limit);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw notAnImage(where, file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UserException(where + ": " + file + " is " + reader.getWidth(0) + " x "
                            + reader.getHeight(0) + " pixels, more than the " + MAX_PIXELS / 1_000_000
                            + " megapixels an image may have here; scale it down first");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw notAnImage(where, file);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException(where + ": cannot read " + file + " as an image (" + UserException.oneLine(e) + ")");
        }
    }

    private static UserException notAnImage(String where, Path file) {
        return new UserException(where + ": " + file + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
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

    /**
     * The inverse of {@link #pixels(BufferedImage, int, int, float[], int)}: {@code [3, H, W]} values in [0, 1] at
     * {@code offset} back into a picture, as a PNG in a {@code data:} URL (what a model saw, for a page to show).
     */
    public static String dataUrl(float[] values, int offset, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = offset + y * width + x;
                image.setRGB(x, y, channel(values[p]) << 16 | channel(values[p + plane]) << 8 | channel(values[p + 2 * plane]));
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", png);
        } catch (java.io.IOException e) { // a memory stream does not fail
            throw new java.io.UncheckedIOException(e);
        }
        return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
