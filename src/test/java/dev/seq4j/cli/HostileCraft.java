package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.run.RunDirectory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * What the hostile-run-directory cases craft: edited model zips (with the recorded input hashes updated, as whoever
 * supplies a directory can do), ND4J array headers, normaliser files, and zip bombs written by hand (a deflate block
 * of zeros repeated, so a 2 GB entry costs 2 MB and no time to make).
 */
final class HostileCraft {
    static final ObjectMapper JSON = new ObjectMapper();

    private HostileCraft() {
    }

    /** The entries of a (small, legitimate) model zip, in order. */
    static Map<String, byte[]> entries(Path zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Writes entries as an ordinary zip. */
    static void write(Path zip, Map<String, byte[]> entries) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a model zip's entries through {@code edit}. */
    static void edit(Path zip, UnaryOperator<Map<String, byte[]>> edit) {
        write(zip, edit.apply(new LinkedHashMap<>(entries(zip))));
    }

    /** Rewrites the text of a model zip's entry {@code name}. */
    static void editText(Path zip, String name, UnaryOperator<String> edit) {
        edit(zip, e -> {
            String text = new String(e.get(name), StandardCharsets.UTF_8);
            String edited = edit.apply(text);
            if (edited.equals(text)) {
                throw new IllegalStateException("the edit of " + name + " changed nothing");
            }
            e.put(name, edited.getBytes(StandardCharsets.UTF_8));
            return e;
        });
    }

    /** Edits a model zip's {@code configuration.json} as a tree. */
    static void editConfiguration(Path zip, java.util.function.Consumer<ObjectNode> edit) {
        editText(zip, "configuration.json", text -> {
            try {
                ObjectNode tree = (ObjectNode) JSON.readTree(text);
                edit.accept(tree);
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The first object under {@code node} (depth first) with the field {@code key} equal to {@code value}. */
    static ObjectNode find(JsonNode node, String key, String value) {
        if (node.isObject() && value.equals(node.path(key).asText(null))) {
            return (ObjectNode) node;
        }
        for (JsonNode child : node) {
            ObjectNode found = find(child, key, value);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Sets the SHA-256 that {@code model}'s {@code seq4j.json} records for {@code name} to the file's present one. */
    static void rehash(Path model, String name, Path file) {
        editText(model, "seq4j.json", text -> {
            try {
                ObjectNode meta = (ObjectNode) JSON.readTree(text);
                ((ObjectNode) meta.get("inputs")).put(name, RunDirectory.sha256(file));
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Adds an input to {@code model}'s {@code seq4j.json} with some hash. */
    static void addInput(Path model, String name) {
        editText(model, "seq4j.json", text -> {
            try {
                ObjectNode meta = (ObjectNode) JSON.readTree(text);
                ((ObjectNode) meta.get("inputs")).put(name, "0".repeat(64));
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * An ND4J array header as {@code Nd4j.write} writes it (big-endian), for a rank-1 array declaring {@code length}
     * values of {@code type}, followed by {@code values} zero values actually present.
     */
    static byte[] array(String type, long length, int width, long values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(6);
            out.writeUTF("LONG");
            for (long v : new long[]{1, length, 1, 8192, 1, 'c'}) {
                out.writeLong(v);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(length);
            out.writeUTF(type);
            out.write(new byte[(int) (values * width)]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A normaliser header as ND4J's {@code NormalizerSerializer} writes it. */
    static byte[] normalizer(String type, String customClass, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("NORMALIZER");
            out.writeInt(1);
            out.writeUTF(type);
            if (customClass != null) {
                out.writeUTF(customClass);
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An entry of a hand-made zip: its name, its (raw deflate or stored) data and the sizes its headers declare. */
    record RawEntry(String name, boolean deflated, byte[] data, long declaredSize, long crc) {
        static RawEntry stored(String name, byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return new RawEntry(name, false, data, data.length, crc.getValue());
        }

        static RawEntry deflated(String name, byte[] data) {
            Deflater d = new Deflater(9, true);
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (!d.finished()) {
                out.write(buffer, 0, d.deflate(buffer));
            }
            d.end();
            CRC32 crc = new CRC32();
            crc.update(data);
            return new RawEntry(name, true, out.toByteArray(), data.length, crc.getValue());
        }

        /**
         * An entry that inflates to {@code prefix} followed by {@code zeros} zero bytes (rounded up to MiB): the
         * deflate blocks of one MiB of zeros repeated (they refer only to zeros before them), then a final empty
         * block. Its declared size is the true one; its CRC is not computed (nothing reads that far).
         */
        static RawEntry bomb(String name, byte[] prefix, long zeros) {
            Deflater d = new Deflater(9, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            d.setInput(prefix);
            flush(d, buffer, out);
            // FULL_FLUSH: the next block refers to nothing before it, so it can be repeated
            d.setInput(new byte[1 << 20]);
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            flush(d, buffer, block);
            d.end();
            long blocks = (zeros + (1 << 20) - 1) >> 20;
            for (long i = 0; i < blocks; i++) {
                out.writeBytes(block.toByteArray());
            }
            out.writeBytes(new byte[]{3, 0}); // a final, empty fixed-Huffman block
            return new RawEntry(name, true, out.toByteArray(), prefix.length + (blocks << 20), 0);
        }

        /** Deflates all input given so far, ending byte-aligned with a fresh dictionary (a full flush). */
        private static void flush(Deflater d, byte[] buffer, ByteArrayOutputStream out) {
            int n;
            do {
                n = d.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
        }
    }

    /**
     * Writes a zip by hand: local headers, data, central directory and end record, with the sizes each entry declares
     * ({@code centralDirectoryLength}, when not negative, replaces the end record's true directory length).
     */
    static void writeRaw(Path zip, List<RawEntry> entries, long centralDirectoryLength) {
        try (OutputStream file = Files.newOutputStream(zip)) {
            ByteArrayOutputStream central = new ByteArrayOutputStream();
            long offset = 0;
            for (RawEntry e : entries) {
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer local = header(30 + name.length);
                local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                        .putShort((short) (e.deflated() ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                        .putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.declaredSize())
                        .putShort((short) name.length).putShort((short) 0).put(name);
                file.write(local.array());
                file.write(e.data());
                ByteBuffer cen = header(46 + name.length);
                cen.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                        .putShort((short) (e.deflated() ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                        .putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.declaredSize())
                        .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0).putInt((int) offset).put(name);
                central.write(cen.array());
                offset += 30 + name.length + e.data().length;
            }
            file.write(central.toByteArray());
            ByteBuffer end = header(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size())
                    .putInt((int) (centralDirectoryLength >= 0 ? centralDirectoryLength : central.size()))
                    .putInt((int) offset).putShort((short) 0);
            file.write(end.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer header(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A model zip's entries as stored entries of a hand-made zip (to combine with crafted ones). */
    static List<RawEntry> rawEntries(Path zip, String except) {
        List<RawEntry> out = new ArrayList<>();
        entries(zip).forEach((name, bytes) -> {
            if (!name.equals(except)) {
                out.add(RawEntry.deflated(name, bytes));
            }
        });
        return out;
    }
}
