package dev.seq4j.run;

import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ND4J's binary arrays read by {@link ArrayFile}: the same arrays as {@code Nd4j.read}, and refusals of crafted ones. */
class ArrayFileTest {
    static byte[] bytes(INDArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            Nd4j.write(a, data);
        }
        return out.toByteArray();
    }

    static INDArray read(byte[] bytes, long min, long max) {
        return ArrayFile.read(() -> new ByteArrayInputStream(bytes), "x.bin", min, max);
    }

    static String refusal(byte[] bytes, long min, long max) {
        String m = assertThrows(UserException.class, () -> read(bytes, min, max)).getMessage();
        assertTrue(m.startsWith("x.bin: ") && m.lines().count() == 1, m);
        return m;
    }

    @Test
    void readsWhatNd4jWritesAsNd4jReadsIt() throws IOException {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
            for (INDArray a : new INDArray[]{Nd4j.rand(type, 7), Nd4j.rand(type, 3, 4), Nd4j.rand(type, 'f', 3, 4),
                    Nd4j.rand(type, 2, 3, 5), Nd4j.rand(type, 1, 200_000)}) {
                byte[] b = bytes(a);
                INDArray ours = read(b, a.length(), a.length());
                INDArray nd4j = Nd4j.read(new DataInputStream(new ByteArrayInputStream(b)));
                assertEquals(nd4j.dataType(), ours.dataType());
                assertArrayEquals(nd4j.shape(), ours.shape());
                assertEquals(nd4j.ordering(), ours.ordering());
                assertEquals(nd4j, ours, type + " " + Arrays.toString(a.shape()));
            }
        }
        // an array embedded in a stream, read in one pass
        byte[] two = concat(bytes(Nd4j.createFromArray(1f, 2f)), bytes(Nd4j.createFromArray(3f, 4f)));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(two));
        assertEquals(Nd4j.createFromArray(1f, 2f), ArrayFile.read(in, "x.bin", 2));
        assertEquals(Nd4j.createFromArray(3f, 4f), ArrayFile.read(in, "x.bin", 2));
    }

    @Test
    void lengthsOtherThanExpectedMissingOrExtraBytesAndForeignHeadersAreRefused() throws IOException {
        byte[] b = bytes(Nd4j.rand(DataType.FLOAT, 10));
        assertTrue(refusal(b, 11, 11).contains("holds 10 values where 11 were expected"), refusal(b, 11, 11));
        assertTrue(refusal(b, 0, 9).contains("where 0 to 9 were expected"), refusal(b, 0, 9));
        byte[] cut = Arrays.copyOf(b, b.length - 3);
        assertTrue(refusal(cut, 10, 10).contains("declares 10 values (40 bytes) but 37 bytes follow"), refusal(cut, 10, 10));
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertTrue(refusal(longer, 10, 10).contains("but more bytes follow"), refusal(longer, 10, 10));
        byte[] huge = header("MIXED_DATA_TYPES", "FLOAT", 1L << 40, 1L << 40);
        assertTrue(refusal(huge, 0, Long.MAX_VALUE / 8).contains("GB of memory"), refusal(huge, 0, Long.MAX_VALUE / 8));
        assertTrue(refusal(header("MIXED_DATA_TYPES", "COMPRESSED", 4, 4), 4, 4).contains("data type 'COMPRESSED'"));
        assertTrue(refusal(header("MIXED_DATA_TYPES", "FLOAT", -4, -4), 0, 8).contains("negative dimension"));
        assertTrue(refusal(header("MIXED_DATA_TYPES", "FLOAT", 4, 5), 4, 5).contains("5 values for a shape of 4"));
        assertTrue(refusal(header("JAVACPP", "FLOAT", 4, 4), 4, 4).contains("allocation mode 'JAVACPP'"));
        assertTrue(refusal(new byte[]{0, 1, 2, 3}, 0, 8).contains("not an ND4J array"));
        assertTrue(refusal(new byte[0], 0, 8).contains("truncated or corrupt"));
    }

    /** A rank-1 header declaring {@code shape} and {@code length}, with no values. */
    static byte[] header(String mode, String type, long shape, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.writeUTF(mode);
            data.writeLong(6);
            data.writeUTF("LONG");
            for (long v : new long[]{1, shape, 1, 8192, 1, 'c'}) {
                data.writeLong(v);
            }
            data.writeUTF(mode);
            data.writeLong(length);
            data.writeUTF(type);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
