package dev.seq4j.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seq4j.UserException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the files of a run directory, which may come from anyone (a shared drive, a download, a colleague's sweep):
 * only regular files are opened (never a FIFO, which would block, or a device such as {@code /dev/zero}); a file of a
 * run must lie inside it (a symbolic link may not lead out); every read is bounded, a JSON file by
 * {@link #MAX_JSON_BYTES} and a list in it by the size the model needs; JSON is parsed with duplicate keys and trailing
 * content refused; and every problem is one {@link UserException} line naming the file.
 */
public final class RunFiles {
    /** Largest JSON file read whole (summaries, labels, pointers, normalisers): far above what a run writes. */
    public static final long MAX_JSON_BYTES = 16L << 20;
    /**
     * Largest vocabulary file: a character vocabulary of every Unicode code point is about 12 MB, a token vocabulary
     * of a million tokens tens of MB. Lists are read as a stream and stop at the size the model needs.
     */
    public static final long MAX_LIST_BYTES = 256L << 20;
    /** Largest text file of a run read whole (its {@code config.yaml}). */
    public static final long MAX_TEXT_BYTES = 1L << 20;

    /** Our JSON reader for files from elsewhere: duplicate keys and content after the value are errors. */
    public static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RunFiles() {
    }

    /**
     * {@code file} as a regular file whose real path (symbolic links resolved) lies inside {@code root}'s; anything
     * else is refused without opening it.
     *
     * @return the real path, to open
     */
    public static Path inside(Path root, Path file) {
        Path real = realPath(file);
        Path realRoot = realPath(root);
        if (!real.startsWith(realRoot)) {
            throw new UserException(file + ": leads outside the run directory " + root + " (to " + real
                    + "); refusing to read it");
        }
        return regular(real);
    }

    /** {@code file} if it is a regular file (after symbolic links), else a {@link UserException}; opens nothing. */
    public static Path regular(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new UserException(file + (Files.isSymbolicLink(file) ? ": a symbolic link to a missing file"
                    : ": no such file"));
        } catch (FileSystemException e) {
            throw new UserException(file + ": cannot read (" + reason(e) + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (!a.isRegularFile()) {
            throw new UserException(file + ": not a regular file (" + (a.isDirectory() ? "a directory"
                    : "a FIFO, device or socket") + "); refusing to read it");
        }
        return file;
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UserException(file + (Files.isSymbolicLink(file) ? ": a symbolic link to a missing file"
                    : ": no such file"));
        } catch (FileSystemException e) {
            throw new UserException(file + ": cannot resolve (" + reason(e) + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot resolve (" + e.getMessage() + ")");
        }
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    /**
     * Opens a regular file for reading, bounded: reading past {@code cap} bytes is a {@link UserException} naming it.
     */
    public static InputStream open(Path file, long cap) {
        regular(file);
        try {
            return new Bounded(Files.newInputStream(file), cap, file + ": larger than " + cap
                    + " bytes; not a file seq4j wrote, refusing to read on");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A regular file's bytes, at most {@code cap} of them. */
    public static byte[] read(Path file, long cap) {
        try (InputStream in = open(file, cap)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A JSON file of at most {@link #MAX_JSON_BYTES}, parsed strictly. */
    public static JsonNode json(Path file) {
        try (InputStream in = open(file, MAX_JSON_BYTES)) {
            JsonNode node = STRICT.readTree(in);
            if (node == null || node.isMissingNode()) {
                throw new UserException(file + ": empty; not a JSON file seq4j wrote");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": not valid JSON (" + oneLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * The strings of a JSON array, read as a stream: the file's top-level array ({@code field} null) or the array under
     * {@code field} of its top-level object. Reading stops after {@code limit + 1} strings, so a list longer than the
     * model needs costs no more than that; the caller compares the size.
     */
    public static List<String> strings(Path file, String field, int limit) {
        try (InputStream in = open(file, MAX_LIST_BYTES); JsonParser p = STRICT.createParser(in)) {
            JsonToken t = p.nextToken();
            List<String> out = null;
            if (field == null) {
                out = array(file, p, limit, "the file");
            } else {
                if (t != JsonToken.START_OBJECT) {
                    throw new UserException(file + ": not a JSON object with '" + field + "'");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals(field)) {
                        out = array(file, p, limit, "'" + field + "'");
                        if (out.size() > limit) {
                            return out;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (out == null) {
                    throw new UserException(file + ": no '" + field + "' in it");
                }
            }
            if (out.size() <= limit && p.nextToken() != null) {
                throw new UserException(file + ": content after the JSON value at " + where(p.currentLocation()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": not valid JSON (" + oneLine(e) + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<String> array(Path file, JsonParser p, int limit, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new UserException(file + ": " + what + " is not a JSON array (at " + where(p.currentLocation()) + ")");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new UserException(file + ": element " + (out.size() + 1) + " of " + what + " is not a string (at "
                        + where(p.currentLocation()) + ")");
            }
            out.add(p.getText());
            if (out.size() > limit) {
                return out;
            }
        }
        return out;
    }

    /**
     * The numbers of the array {@code node.get(field)} (a field name, or an index into an array), exactly
     * {@code length} finite numbers, else a {@link UserException}.
     */
    public static double[] numbers(Path file, JsonNode node, Object field, long length) {
        JsonNode array = field instanceof Integer i ? node.get(i) : node.get(String.valueOf(field));
        String name = field instanceof Integer i ? "array " + (i + 1) : "'" + field + "'";
        if (array == null || !array.isArray()) {
            throw new UserException(file + ": no " + name + " of numbers in it");
        }
        if (array.size() != length) {
            throw new UserException(file + ": " + name + " holds " + array.size() + " values where " + length
                    + " were expected; the file does not belong to this model");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new UserException(file + ": value " + (i + 1) + " of " + name + " is not a finite number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    /**
     * Refuses a list of {@code noun} read with {@link #strings} whose size is not the {@code width} the model in
     * {@code model} was built for.
     */
    public static void fits(Path file, String noun, int size, long width, Path model) {
        if (size != width) {
            throw new UserException(file + ": " + (size > width ? "more than " + width : Integer.toString(size)) + " "
                    + noun + ", but " + model + " was built for " + width + "; the file does not belong to this model");
        }
    }

    /**
     * Jackson's message on one line: what went wrong (printable, cut as {@link UserException#quote} does: it may quote
     * a token of the file), at which line and column.
     */
    public static String oneLine(JsonProcessingException e) {
        String message = UserException.quote(e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        return at == null ? message : message + " at " + where(at);
    }

    private static String where(JsonLocation at) {
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** A stream that refuses to go past a number of bytes. */
    static final class Bounded extends FilterInputStream {
        private final long cap;
        private final String message;
        private long count;

        Bounded(InputStream in, long cap, String message) {
            super(in);
            this.cap = cap;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, room()));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, room()));
            count(skipped);
            return skipped;
        }

        /** Bytes that may still be read, one past the cap so that exceeding it is seen; no overflow at Long.MAX_VALUE. */
        private long room() {
            return cap - count == Long.MAX_VALUE ? Long.MAX_VALUE : cap - count + 1;
        }

        private void count(long n) {
            count += n;
            if (count > cap) {
                throw new UserException(message);
            }
        }
    }
}
