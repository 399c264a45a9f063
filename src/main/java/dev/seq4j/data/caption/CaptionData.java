package dev.seq4j.data.caption;

import dev.seq4j.config.CaptionDataSpec;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.pairs.PairsReader;
import dev.seq4j.data.text.TokenVocabulary;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Captioning data ready for training: images as pixels {@code [n, 3, H, W]} in [0, 1], captions encoded like
 * {@link PairsData}'s targets ({@code <s> w1 .. wn} in, {@code w1 .. wn </s>} out), a caption vocabulary built from
 * the training captions.
 *
 * @param encoder the caption vocabulary and longest caption (its source side is unused: one token, the image)
 */
public record CaptionData(Split train, Split valid, Split test, PairsData.Encoder encoder, int width, int height) {
    /**
     * @param images   each image's file
     * @param pixels   {@code [n, 3, H, W]}
     * @param captions the encoded captions (their pairs' sources hold the image file's name)
     */
    public record Split(List<Path> images, INDArray pixels, PairsData.Split captions) {
        public int size() {
            return images.size();
        }
    }

    /** Reads {@code image<TAB>caption} lines of a file of at most {@code limit}; a problem names the key, file and line. */
    public static List<Pair> read(String key, Path tsv, InputFiles.Limit limit) {
        // sources read by characters, so an image path keeps its spaces
        return new PairsReader(dev.seq4j.config.Tokens.CHAR, dev.seq4j.config.Tokens.WORD, limit).read(key, tsv);
    }

    /** The image file a pair names, resolved against the TSV's directory. */
    public static Path image(Path tsv, Pair pair) {
        Path p = Path.of(String.join("", pair.source()));
        return p.isAbsolute() ? p : tsv.toAbsolutePath().getParent().resolve(p);
    }

    /** Pixels {@code [n, 3, height, width]} of the images, each file of at most {@code limit}. */
    public static INDArray pixels(String key, List<Path> images, List<Integer> lines, Path tsv, int width, int height,
                                  InputFiles.Limit limit) {
        int size = Images.CHANNELS * width * height;
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            String where = tsv == null ? key : key + ": " + tsv + " line " + lines.get(i);
            Images.pixels(Images.read(where, images.get(i), limit), width, height, data, i * size);
        }
        return Nd4j.create(data, new long[]{images.size(), Images.CHANNELS, height, width}, 'c');
    }

    private static Split split(String key, Path tsv, List<Pair> pairs, PairsData.Encoder encoder, int width, int height,
                               InputFiles.Limit limit) {
        List<Path> images = pairs.stream().map(p -> image(tsv, p)).toList();
        INDArray pixels = pixels(key, images, pairs.stream().map(Pair::line).toList(), tsv, width, height, limit);
        return new Split(images, pixels, encoder.encode(key, tsv, pairs, false));
    }

    /** Reads and checks the spec's files and images. */
    public static CaptionData load(CaptionDataSpec spec, long seed) {
        return load(spec, seed, null, null);
    }

    /**
     * As {@link #load(CaptionDataSpec, long)}, for a run that starts from another ({@code train.init}) with the word
     * vocabulary {@code init} ({@code null} for none), continued as {@code mode} ({@code train.initVocab}) says.
     */
    public static CaptionData load(CaptionDataSpec spec, long seed, TokenVocabulary init,
                                   dev.seq4j.config.TrainSpec.InitVocab mode) {
        PairsData.Splits files = PairsData.Splits.read(spec, seed, (key, tsv) -> read(key, tsv, spec.fileLimit()));
        Path trainPath = files.trainPath();
        int width = spec.width();
        int height = spec.height();
        if (width == 0 || height == 0) {
            Pair first = files.all().get(0);
            BufferedImage image = Images.read("data.train: " + trainPath + " line " + first.line(), image(trainPath, first),
                    spec.fileLimit());
            width = width == 0 ? image.getWidth() : width;
            height = height == 0 ? image.getHeight() : height;
        }
        int maxTarget = files.longest(p -> p.target().size(), spec.maxTargetLength());
        files.checkTargets(maxTarget, "caption", "words");
        List<Pair> trainPairs = files.train();
        TokenVocabulary words = TokenVocabulary.continued(init, mode, trainPairs.stream().map(Pair::target).toList(),
                spec.minCount(), Integer.MAX_VALUE, PairsData.RESERVED,
                (i, j) -> "data.train: " + trainPath + " line " + trainPairs.get(i).line());
        // the source side is the image's name, read by characters: never limited
        PairsData.Encoder encoder = new PairsData.Encoder(TokenVocabulary.build(List.of(), 1, 1), words,
                Integer.MAX_VALUE, maxTarget);
        Split train = split("data.train", trainPath, trainPairs, encoder, width, height, spec.fileLimit());
        Split valid = split("data.valid", files.validPath(), files.valid(), encoder, width, height, spec.fileLimit());
        Split test = files.test() == null ? null : split("data.test", files.testPath(), files.test(), encoder, width,
                height, spec.fileLimit());
        return new CaptionData(train, valid, test, encoder, width, height);
    }
}
