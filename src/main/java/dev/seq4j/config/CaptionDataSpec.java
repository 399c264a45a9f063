package dev.seq4j.config;

/**
 * Data for captioning (one-to-many): TSV files of {@code image<TAB>caption} lines, the image a PNG, JPEG, GIF or BMP
 * file given relative to the TSV's own directory (or absolute), the caption words separated by spaces.
 *
 * @param train           training file
 * @param valid           validation file, or a fraction (0..0.5] of the training images held out at random (seeded)
 * @param test            optional test file, captioned once with the best model
 * @param width           width images are scaled to, in pixels; 0 means the first training image's
 * @param height          height images are scaled to; 0 means the first training image's
 * @param minCount        words seen fewer times in training become the unknown word
 * @param maxTargetLength longest caption, in words; 0 means the longest of the data given. Decoding stops there
 * @param beam            beam width used to caption the test set and by default in {@code caption}; 1 is greedy
 * @param lengthNorm      beam search ranks finished captions by log-probability / length^lengthNorm
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 */
public record CaptionDataSpec(String train, String valid, String test, Integer width, Integer height, Integer minCount,
                              Integer maxTargetLength, Integer beam, Double lengthNorm, Integer maxFileMB)
        implements DataSpec {
    public CaptionDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a TSV file of image<TAB>caption lines)");
        valid = valid == null ? "0.1" : valid.strip();
        width = width == null ? 0 : width;
        height = height == null ? 0 : height;
        minCount = minCount == null ? 1 : minCount;
        maxTargetLength = maxTargetLength == null ? 0 : maxTargetLength;
        beam = beam == null ? 3 : beam;
        lengthNorm = lengthNorm == null ? 1.0 : lengthNorm;
        ConfigException.check(width >= 0 && width <= 1024, "width", "must be in 0..1024 (0: the first image's), got " + width);
        ConfigException.check(height >= 0 && height <= 1024, "height", "must be in 0..1024 (0: the first image's), got " + height);
        ConfigException.check(minCount >= 1, "minCount", "must be at least 1, got " + minCount);
        ConfigException.check(maxTargetLength >= 0, "maxTargetLength", "must be 0 (the longest caption) or more, got " + maxTargetLength);
        ConfigException.check(beam >= 1 && beam <= 100, "beam", "must be in 1..100, got " + beam);
        ConfigException.check(lengthNorm >= 0 && lengthNorm <= 2, "lengthNorm", "must be in [0, 2], got " + lengthNorm);
        DataSpec.checkValid(valid, "a file");
    }
}
