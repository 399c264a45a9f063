package dev.seq4j.data.series;

import dev.seq4j.UserException;
import dev.seq4j.run.ArrayFile;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Path;

/**
 * A series run's normaliser file ({@code normalizer.bin}), in the format of ND4J's {@link NormalizerSerializer}, which
 * writes it. It is read here, not by {@code NormalizerSerializer.restore}: for a {@code CUSTOM} header that creates an
 * instance of a class named in the file, so a crafted run directory could have any class with a no-argument
 * constructor created. We read only the two kinds seq4j writes (ND4J 1.0.0-M2.1, every number big-endian):
 * <pre>
 * UTF "NORMALIZER", int 1, UTF "STANDARDIZE", boolean false (no label statistics), array mean, array std
 * UTF "NORMALIZER", int 1, UTF "MIN_MAX", boolean false, double targetMin, double targetMax, array min, array max
 * </pre>
 * each array one value per feature ({@link ArrayFile}), every value finite, nothing after them.
 */
public final class SeriesNormalizer {
    private static final String MAGIC = "NORMALIZER";

    private SeriesNormalizer() {
    }

    /** Writes {@code normalizer} (a {@link NormalizerStandardize} or {@link NormalizerMinMaxScaler}). */
    public static void write(DataNormalization normalizer, File file) throws IOException {
        NormalizerSerializer.getDefault().write(normalizer, file);
    }

    /**
     * Reads a normaliser of {@code width} features (the network's input width); anything else is a
     * {@link UserException} naming the file.
     */
    public static DataNormalization read(Path file, long width) {
        long cap = 4096 + 4 * (256 + 8 * width);
        try (InputStream stream = RunFiles.open(file, cap); DataInputStream in = new DataInputStream(stream)) {
            if (in.readUnsignedShort() != MAGIC.length() || !MAGIC.equals(new String(in.readNBytes(MAGIC.length()),
                    java.nio.charset.StandardCharsets.US_ASCII)) || in.readInt() != 1) {
                throw new UserException(file + ": not a normaliser file (no ND4J normaliser header)");
            }
            String type = in.readUTF();
            if (!type.equals("STANDARDIZE") && !type.equals("MIN_MAX")) {
                throw new UserException(file + ": a normaliser of type '" + type.replaceAll("\\p{Cntrl}", "?")
                        + "'; seq4j reads only STANDARDIZE and MIN_MAX (a CUSTOM one names a class to create, which "
                        + "seq4j never does)");
            }
            if (in.readBoolean()) {
                throw new UserException(file + ": a normaliser with label statistics, which seq4j never writes");
            }
            DataNormalization normalizer;
            String what = file.toString();
            if (type.equals("STANDARDIZE")) {
                INDArray mean = stats(in, what + " (mean)", width);
                INDArray std = stats(in, what + " (standard deviation)", width);
                normalizer = new NormalizerStandardize(mean, std);
            } else {
                double min = in.readDouble();
                double max = in.readDouble();
                if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                    throw new UserException(file + ": a min-max normaliser to the range [" + min + ", " + max + "]");
                }
                NormalizerMinMaxScaler scaler = new NormalizerMinMaxScaler(min, max);
                scaler.setFeatureStats(stats(in, what + " (minimum)", width),
                        stats(in, what + " (maximum)", width));
                normalizer = scaler;
            }
            if (in.read() >= 0) {
                throw new UserException(file + ": more bytes after the normaliser; the file is corrupt");
            }
            return normalizer;
        } catch (EOFException | UTFDataFormatException e) {
            throw new UserException(file + ": truncated or corrupt (" + UserException.firstLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + UserException.firstLine(e) + ")");
        }
    }

    /** One statistic per feature, all finite; its length must be the model's input width. */
    private static INDArray stats(DataInputStream in, String what, long width) {
        INDArray a = ArrayFile.read(in, what, width);
        if (!ModelFile.isFinite(a)) {
            throw new UserException(what + ": holds NaN or infinite values; the file is corrupt");
        }
        return a;
    }
}
