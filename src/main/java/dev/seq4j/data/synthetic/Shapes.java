package dev.seq4j.data.synthetic;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated captioning set: small images of one to three coloured shapes side by side, each with its caption,
 * such as "a red circle left of a blue square". The image is split into three columns; each shape sits in its own
 * column (the columns chosen at random), moved up to 3 pixels either way and drawn 10 to 14 pixels wide on a
 * background of random darkness, and the caption names the shapes from left to right:
 * <pre>
 * a COLOUR SHAPE [left of a COLOUR SHAPE [left of a COLOUR SHAPE]]
 * </pre>
 * with colours red, green, blue and yellow and shapes circle, square and triangle: 1,884 different captions.
 * Tests, examples and notebooks share it; {@link #main} writes a set as PNG files and a captions TSV.
 */
public final class Shapes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Shapes.class);

    public static final int WIDTH = 48;
    public static final int HEIGHT = 20;
    public static final List<String> COLOURS = List.of("red", "green", "blue", "yellow");
    public static final List<String> SHAPES = List.of("circle", "square", "triangle");
    private static final Color[] RGB = {new Color(220, 40, 40), new Color(40, 190, 60), new Color(50, 80, 230),
            new Color(235, 215, 40)};

    private Shapes() {
    }

    /** An image and its caption. */
    public record Example(BufferedImage image, String caption) {
    }

    /** {@code n} examples of one to three shapes. */
    public static List<Example> generate(int n, long seed) {
        return generate(n, seed, 3);
    }

    /** {@code n} examples of one to {@code maxShapes} (1..3) shapes. */
    public static List<Example> generate(int n, long seed, int maxShapes) {
        if (maxShapes < 1 || maxShapes > 3) {
            throw new IllegalArgumentException("maxShapes must be in 1..3, got " + maxShapes);
        }
        Random random = new Random(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(example(random, maxShapes));
        }
        return out;
    }

    private static Example example(Random random, int maxShapes) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int grey = random.nextInt(70);
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int count = 1 + random.nextInt(maxShapes);
        List<Integer> columns = new ArrayList<>(List.of(0, 1, 2));
        java.util.Collections.shuffle(columns, random);
        columns = new ArrayList<>(columns.subList(0, count));
        java.util.Collections.sort(columns);
        List<String> words = new ArrayList<>();
        int column = WIDTH / 3;
        for (int c : columns) {
            int colour = random.nextInt(COLOURS.size());
            int shape = random.nextInt(SHAPES.size());
            int size = 10 + random.nextInt(5);
            int cx = c * column + column / 2 + random.nextInt(7) - 3;
            int cy = HEIGHT / 2 + random.nextInt(7) - 3;
            int x = Math.max(0, Math.min(WIDTH - size, cx - size / 2));
            int y = Math.max(0, Math.min(HEIGHT - size, cy - size / 2));
            g.setColor(RGB[colour]);
            switch (SHAPES.get(shape)) {
                case "circle" -> g.fillOval(x, y, size, size);
                case "square" -> g.fillRect(x + 1, y + 1, size - 2, size - 2);
                default -> g.fillPolygon(new Polygon(new int[]{x, x + size / 2, x + size}, new int[]{y + size, y, y + size}, 3));
            }
            if (!words.isEmpty()) {
                words.add("left of");
            }
            words.add("a " + COLOURS.get(colour) + " " + SHAPES.get(shape));
        }
        g.dispose();
        return new Example(image, String.join(" ", words));
    }

    /** Writes {@code <prefix>00000.png ...} under {@code dir} and {@code tsv}: the PNG's path relative to the TSV's directory, a tab, the caption. */
    public static void write(List<Example> examples, Path dir, String prefix, Path tsv) {
        try {
            Files.createDirectories(dir);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < examples.size(); i++) {
                Path png = dir.resolve(String.format(Locale.ROOT, "%s%05d.png", prefix, i));
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                ImageIO.write(examples.get(i).image(), "png", bytes);
                dev.seq4j.run.RunDirectory.writeAtomically(png, bytes.toByteArray());
                Path base = tsv.toAbsolutePath().getParent();
                lines.append(base.relativize(png.toAbsolutePath()).toString().replace('\\', '/')).append('\t')
                        .append(examples.get(i).caption()).append('\n');
            }
            dev.seq4j.run.RunDirectory.writeAtomically(tsv, lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Shapes OUT_DIR SEED TRAIN VALID TEST}: writes images/ and train.tsv, valid.tsv, test.tsv under OUT_DIR. */
    public static void main(String[] args) {
        if (args.length != 5) {
            LOG.error("usage: Shapes OUT_DIR SEED TRAIN VALID TEST");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String[] parts = {"train", "valid", "test"};
        for (int p = 0; p < 3; p++) {
            write(generate(Integer.parseInt(args[2 + p]), seed + p), out.resolve("images"), parts[p], out.resolve(parts[p] + ".tsv"));
        }
    }
}
