package dev.seq4j.run;

import dev.seq4j.UserException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * ND4J arrays in ND4J's binary format ({@code Nd4j.write}), read without trusting the file: {@code Nd4j.read} allocates
 * whatever length a header declares before it reads a byte of data, and follows a {@code COMPRESSED} data type into
 * ND4J's compressors. The layout (ND4J 1.0.0-M2.1, {@code BaseDataBuffer.write}; every number big-endian):
 * <pre>
 * shape:  UTF allocation mode, long n, UTF "LONG", n longs: rank, shape[rank], stride[rank], extras, ews, order
 * data:   UTF allocation mode, long length, UTF data type, length values
 * </pre>
 * ({@code n = 2 rank + 4}; the order is {@code 'c'} or {@code 'f'}; ND4J writes allocation mode
 * {@code MIXED_DATA_TYPES}, the only one read here.) The reader checks the headers, that the shape's product is the
 * data length, that the length is one the caller expects, and that exactly that many bytes follow, by reading the
 * stream once to the end before anything is allocated; only then does it allocate the array and read the values
 * into it, checking the headers again.
 */
public final class ArrayFile {
    private static final String MODE = "MIXED_DATA_TYPES";
    private static final int MAX_RANK = 32;
    /** Weights, updater state and averages are floating-point. */
    private static final Set<DataType> TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.BFLOAT16);
    private static final int CHUNK = 1 << 20;

    private ArrayFile() {
    }

    /** Opens the stream an array is read from, once per pass. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** A file's array (such as a checkpoint's {@code average.bin}) whose length lies in {@code [min, max]}. */
    public static INDArray read(Path file, long min, long max) {
        return read(() -> RunFiles.open(file, Long.MAX_VALUE), file.toString(), min, max);
    }

    /**
     * The array of {@code source}, named {@code what} in errors, whose length lies in {@code [min, max]}; anything
     * else is a {@link UserException}.
     */
    public static INDArray read(Source source, String what, long min, long max) {
        Header header;
        try (InputStream in = source.open()) {
            DataInputStream data = new DataInputStream(in);
            header = header(data, what, min, max);
            checkMemory(what, header.bytes());
            long present = count(data, header.bytes() + 1);
            if (present != header.bytes()) {
                throw new UserException(what + ": declares " + header.length() + " values (" + header.bytes()
                        + " bytes) but " + (present > header.bytes() ? "more" : Long.toString(present))
                        + " bytes follow; the file is truncated or corrupt");
            }
        } catch (ZipException | EOFException | UTFDataFormatException e) {
            throw new UserException(what + ": truncated or corrupt (" + UserException.firstLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(what + ": cannot read (" + UserException.firstLine(e) + ")");
        }
        try (InputStream in = source.open()) {
            DataInputStream data = new DataInputStream(in);
            if (!header(data, what, min, max).equals(header)) {
                throw new UserException(what + ": changed while it was read");
            }
            INDArray array = Nd4j.createUninitialized(header.type(), header.shape(), header.order());
            fill(array, data, header, what);
            if (data.read() >= 0) {
                throw new UserException(what + ": changed while it was read");
            }
            return array;
        } catch (ZipException | EOFException | UTFDataFormatException e) {
            throw new UserException(what + ": truncated or corrupt (" + UserException.firstLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(what + ": cannot read (" + UserException.firstLine(e) + ")");
        }
    }

    /**
     * An array embedded in a stream (a normaliser's statistics) of exactly {@code length} values, which the caller
     * knows from the model: the allocation is that small however the stream goes on, so one pass suffices.
     */
    public static INDArray read(DataInputStream in, String what, long length) {
        try {
            Header header = header(in, what, length, length);
            INDArray array = Nd4j.createUninitialized(header.type(), header.shape(), header.order());
            fill(array, in, header, what);
            return array;
        } catch (ZipException | EOFException | UTFDataFormatException e) {
            throw new UserException(what + ": truncated or corrupt (" + UserException.firstLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(what + ": cannot read (" + UserException.firstLine(e) + ")");
        }
    }

    /** What the two headers say: the data type, shape, order and length. */
    record Header(DataType type, long[] shape, char order, long length) {
        long bytes() {
            return length * type.width();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && h.type == type && java.util.Arrays.equals(h.shape, shape) && h.order == order
                    && h.length == length;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(type, java.util.Arrays.hashCode(shape), order, length);
        }
    }

    private static Header header(DataInputStream in, String what, long min, long max) throws IOException {
        mode(in, what, "shape");
        long n = in.readLong();
        if (n < 4 || n > 2L * MAX_RANK + 4 || n % 2 != 0) {
            throw corrupt(what, "a shape header of " + n + " values");
        }
        String shapeType = in.readUTF();
        if (!shapeType.equals("LONG")) {
            throw corrupt(what, "a shape of type '" + Dl4jJson.printable(shapeType) + "'");
        }
        long[] info = new long[(int) n];
        for (int i = 0; i < n; i++) {
            info[i] = in.readLong();
        }
        int rank = (int) (n - 4) / 2;
        if (info[0] != rank) {
            throw corrupt(what, "rank " + info[0] + " in a shape header for rank " + rank);
        }
        long[] shape = new long[rank];
        long product = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = info[1 + i];
            if (shape[i] < 0) {
                throw corrupt(what, "a negative dimension " + shape[i]);
            }
            try {
                product = Math.multiplyExact(product, shape[i]);
            } catch (ArithmeticException e) {
                throw corrupt(what, "a shape whose size overflows");
            }
        }
        long order = info[(int) n - 1];
        if (order != 'c' && order != 'f') {
            throw corrupt(what, "order " + order);
        }
        mode(in, what, "data");
        long length = in.readLong();
        String typeName = in.readUTF();
        DataType type = TYPES.stream().filter(t -> t.name().equals(typeName)).findFirst()
                .orElseThrow(() -> corrupt(what, "data type '" + Dl4jJson.printable(typeName) + "' (weights are "
                        + "FLOAT, DOUBLE, HALF or BFLOAT16)"));
        if (length != product || length > Long.MAX_VALUE / Long.BYTES) {
            throw corrupt(what, length + " values for a shape of " + product);
        }
        if (length < min || length > max) {
            throw new UserException(what + ": holds " + length + " values where " + (min == max ? Long.toString(min)
                    : min + " to " + max) + " were expected; the file is corrupt or does not belong to this model");
        }
        return new Header(type, shape, (char) order, length);
    }

    private static void mode(DataInputStream in, String what, String part) throws IOException {
        String mode = in.readUTF();
        if (!mode.equals(MODE)) {
            throw corrupt(what, "allocation mode '" + Dl4jJson.printable(mode) + "' in its " + part + " header");
        }
    }

    private static UserException corrupt(String what, String found) {
        return new UserException(what + ": not an ND4J array as seq4j writes them (" + found + "); the file is "
                + "corrupt or not a seq4j file");
    }

    /** Counts the bytes left in {@code in}, stopping at {@code limit}. */
    private static long count(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        while (n < limit) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n));
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** Reads the big-endian values into the array's memory, a chunk at a time, converting to native order. */
    private static void fill(INDArray array, DataInputStream in, Header header, String what) throws IOException {
        int width = header.type().width();
        Pointer address = array.data().addressPointer();
        byte[] chunk = new byte[CHUNK - CHUNK % width];
        long total = header.bytes();
        for (long offset = 0; offset < total; ) {
            int n = (int) Math.min(chunk.length, total - offset);
            in.readFully(chunk, 0, n);
            // a pointer of its own with explicit bounds: the buffer's shared pointer's limit is not reliable
            BytePointer target = new BytePointer(address);
            target.capacity(total).limit(offset + n).position(offset);
            ByteBuffer to = target.asByteBuffer().order(ByteOrder.nativeOrder());
            ByteBuffer from = ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.BIG_ENDIAN);
            switch (width) {
                case 2 -> to.asShortBuffer().put(from.asShortBuffer());
                case 4 -> to.asIntBuffer().put(from.asIntBuffer());
                case 8 -> to.asLongBuffer().put(from.asLongBuffer());
                default -> throw new IllegalStateException("element width " + width);
            }
            offset += n;
        }
    }

    /**
     * Refuses to allocate {@code bytes} off-heap when this process may not take them ({@link NativeMemory#available()}):
     * the allocation would fail, or crash the JVM, anyway.
     */
    public static void checkMemory(String what, long bytes) {
        long available = NativeMemory.available();
        if (bytes > available) {
            throw new UserException(String.format(Locale.ROOT, "%s: needs %.2f GB of memory, more than the %.2f GB "
                    + "this process may still use (-Dorg.bytedeco.javacpp.maxphysicalbytes, the machine's free memory); "
                    + "the file is corrupt, or give the JVM more with SEQ4J_JAVA_OPTS", what, bytes / 1e9,
                    Math.max(available, 0) / 1e9));
        }
    }
}
