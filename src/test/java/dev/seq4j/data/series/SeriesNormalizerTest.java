package dev.seq4j.data.series;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The series normaliser file: ND4J's format, read by us alone, and the kinds that are refused. */
class SeriesNormalizerTest {
    @TempDir
    Path dir;

    private static DataSet data() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(6, 2, 5).muli(10).addi(3), Nd4j.zeros(6, 2, 5));
    }

    @Test
    void bothKindsReadBackAsNd4jWroteAndReadsThem() throws Exception {
        for (DataNormalization fitted : new DataNormalization[]{new NormalizerStandardize(), new NormalizerMinMaxScaler(-1, 1)}) {
            fitted.fit(data());
            Path file = dir.resolve(fitted.getClass().getSimpleName() + ".bin");
            SeriesNormalizer.write(fitted, file.toFile());
            DataNormalization ours = SeriesNormalizer.read(file, 2);
            DataNormalization nd4j = NormalizerSerializer.getDefault().restore(file.toFile());
            assertEquals(nd4j, ours);
            DataSet a = data();
            DataSet b = data();
            ours.transform(a);
            fitted.transform(b);
            assertEquals(b.getFeatures(), a.getFeatures());
        }
    }

    private String refusal(byte[] bytes, long width) throws IOException {
        Path file = Files.write(dir.resolve("n.bin"), bytes);
        String m = assertThrows(UserException.class, () -> SeriesNormalizer.read(file, width)).getMessage();
        assertTrue(m.startsWith(file.toString()) && m.lines().count() == 1, m);
        return m;
    }

    @Test
    void customKindsOtherWidthsLabelStatisticsAndTrailingBytesAreRefused() throws Exception {
        assertTrue(refusal(header("CUSTOM", "gadget.Marker"), 2).contains("a normaliser of type 'CUSTOM'"));
        assertTrue(refusal(header("IMAGE_MIN_MAX", null), 2).contains("'IMAGE_MIN_MAX'"));
        NormalizerStandardize fitted = new NormalizerStandardize();
        fitted.fit(data());
        Path file = dir.resolve("s.bin");
        SeriesNormalizer.write(fitted, file.toFile());
        byte[] good = Files.readAllBytes(file);
        assertTrue(refusal(good, 3).contains("holds 2 values where 3 were expected"), refusal(good, 3));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(refusal(longer, 2).contains("more bytes after the normaliser"));
        NormalizerStandardize withLabels = new NormalizerStandardize();
        withLabels.fitLabel(true);
        withLabels.fit(new DataSet(data().getFeatures(), Nd4j.rand(6, 2, 5)));
        SeriesNormalizer.write(withLabels, file.toFile());
        assertTrue(refusal(Files.readAllBytes(file), 2).contains("label statistics"));
        assertTrue(refusal("not a normaliser".getBytes(), 2).contains("not a normaliser file"));
        INDArray nan = Nd4j.createFromArray(Float.NaN, 1f);
        assertTrue(refusal(concat(header("STANDARDIZE", null), new byte[]{0}, array(nan), array(nan)), 2)
                .contains("NaN or infinite"));
    }

    private static byte[] header(String type, String custom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeUTF("NORMALIZER");
            data.writeInt(1);
            data.writeUTF(type);
            if (custom != null) {
                data.writeUTF(custom);
            }
        }
        return out.toByteArray();
    }

    private static byte[] array(INDArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            Nd4j.write(a, data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
