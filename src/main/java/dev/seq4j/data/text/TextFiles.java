package dev.seq4j.data.text;

import dev.seq4j.UserException;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.InputFiles.Limit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.split.InputStreamInputSplit;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads user text strictly: a missing, empty, binary or non-UTF-8 file is a {@link UserException} naming the
 * config key and the file. Only regular files of at most a {@link Limit} are read ({@link InputFiles}). Line endings
 * become {@code \n} and a byte-order mark is dropped.
 */
public final class TextFiles {
    /** The UTF-8 byte-order mark, which some editors put at the start of a file. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextFiles() {
    }

    /** The code points in reverse order (a backward language model's reading, {@code data.reverse}). */
    public static int[] reversed(int[] codePoints) {
        int[] out = new int[codePoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = codePoints[codePoints.length - 1 - i];
        }
        return out;
    }

    /** {@code text} backwards, by code points (a surrogate pair stays one character). */
    public static String reversed(String text) {
        int[] backwards = reversed(text.codePoints().toArray());
        return new String(backwards, 0, backwards.length);
    }

    /** {@link #read(String, Path, Limit)} with the default limit. */
    public static String read(String key, Path path) {
        return read(key, path, Limit.DATA);
    }

    /**
     * Reads a file, or every regular file under a directory in path order ({@link InputFiles#files}).
     *
     * @param key   the config key the path came from, for error messages
     * @param path  a file or directory
     * @param limit the most bytes each file may have
     */
    public static String read(String key, Path path, Limit limit) {
        StringBuilder text = new StringBuilder();
        for (Path file : files(key, path)) {
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            text.append(readOne(key, file, limit));
        }
        return text.toString();
    }

    /**
     * The file itself, or every regular file under a directory in path order, each real file once and no link
     * followed out of the directory ({@link InputFiles#files}); a missing path or an empty directory is a
     * {@link UserException} naming {@code key}.
     */
    public static List<Path> files(String key, Path path) {
        return InputFiles.files(key, path, true);
    }

    /** {@link #readOne(String, Path, Limit)} with the default limit. */
    public static String readOne(String key, Path file) {
        return readOne(key, file, Limit.DATA);
    }

    /** One file's text, checked as {@link #read} checks each file. */
    public static String readOne(String key, Path file, Limit limit) {
        String text = new String(bytes(key, file, limit), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (text.isBlank()) {
            throw new UserException(key + ": file has no text, only whitespace: " + file);
        }
        return text;
    }

    /**
     * One file's bytes, checked to be non-empty UTF-8 text, with a UTF-8 byte-order mark removed: what DataVec's CSV
     * readers get ({@link #csvSplit}), which would otherwise take the mark for part of the first column's name.
     */
    public static byte[] bytes(String key, Path file, Limit limit) {
        byte[] bytes = InputFiles.read(key, file, limit);
        if (bytes.length == 0) {
            throw new UserException(key + ": file is empty: " + file);
        }
        String problem = notUtf8(bytes);
        if (problem != null) {
            throw new UserException(key + ": " + file + " " + problem);
        }
        if (bytes.length >= 3 && Arrays.equals(bytes, 0, 3, BOM, 0, 3)) {
            bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        if (blank(bytes)) {
            throw new UserException(key + ": file has no text, only whitespace: " + file);
        }
        return bytes;
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }

    /**
     * A checked file ({@link #bytes}) as an input split for DataVec's record readers: they parse the bytes read and
     * checked here rather than opening the file again, so the file is read once and its byte-order mark is gone.
     */
    public static InputSplit csvSplit(String key, Path file, Limit limit) {
        return new InputStreamInputSplit(new ByteArrayInputStream(bytes(key, file, limit)), file.toUri());
    }

    /**
     * Why {@code bytes} are not UTF-8 text, as the end of a sentence about the file ("is binary, not text (...)"), or
     * {@code null} when they are: UTF-16 (a byte-order mark, or every other byte NUL), binary (a NUL byte), or a byte
     * sequence that is not UTF-8 (Latin-1, say), with its line.
     */
    public static String notUtf8(byte[] bytes) {
        if (utf16(bytes)) {
            return "is UTF-16 text, not UTF-8; convert it, e.g. iconv -f UTF-16 -t UTF-8";
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return "is binary, not text (NUL byte at offset " + i + ")";
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192); // decoded only to be checked: a small buffer, reused
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (!result.isError()) {
            return null;
        }
        int at = in.position();
        int line = 1;
        for (int i = 0; i < at; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return String.format(Locale.ROOT, "is not UTF-8 text (invalid byte 0x%02X on line %d, offset %d); "
                + "save it as UTF-8", bytes[at] & 0xff, line, at);
    }

    /** A UTF-16 byte-order mark, or ASCII text in UTF-16: NUL at every odd (LE) or every even (BE) offset of the start. */
    private static boolean utf16(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            return true;
        }
        int n = Math.min(bytes.length, 64) & ~1;
        if (n < 4) {
            return false;
        }
        boolean le = true;
        boolean be = true;
        for (int i = 0; i < n; i += 2) {
            le &= bytes[i] != 0 && bytes[i + 1] == 0;
            be &= bytes[i] == 0 && bytes[i + 1] != 0;
        }
        return le || be;
    }

    /**
     * The next row of a delimited file as strings; a row DataVec cannot parse (an unclosed quote) is a
     * {@link UserException} naming the key, the file and the 1-based {@code line}.
     */
    public static List<String> csvRow(String key, Path file, int line,
                                      org.datavec.api.records.reader.impl.csv.CSVRecordReader reader) {
        try {
            return reader.next().stream().map(org.datavec.api.writable.Writable::toString).toList();
        } catch (RuntimeException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new UserException(key + ": " + file + " line " + line + ": " + why);
        }
    }

    /** A CSV field as written: as it is, or quoted (quotes doubled) where it holds a comma, a quote or a line break. */
    public static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
