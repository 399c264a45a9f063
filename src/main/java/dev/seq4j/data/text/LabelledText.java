package dev.seq4j.data.text;

import dev.seq4j.UserException;
import dev.seq4j.config.TextClassDataSpec;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled text of a delimited file, and the reader of such files: a header row naming the columns,
 * then one text per line, read with DataVec's {@link CSVRecordReader}: tab-separated files are read as they
 * are, other delimiters honour quotes around a field.
 *
 * @param line the 1-based line of the file it came from, for messages
 */
public record LabelledText(String label, String text, int line) {
    /**
     * Reads every row of {@code file}. A missing column, a row with too few fields, an empty label or an empty
     * text is a {@link UserException} naming the config key, the file and the line.
     */
    public static List<LabelledText> read(String key, Path file, TextClassDataSpec spec) {
        return read(key, file, spec, true);
    }

    /** As {@link #read(String, Path, TextClassDataSpec)}; without {@code withLabels} the label column may be absent. */
    public static List<LabelledText> read(String key, Path file, TextClassDataSpec spec, boolean withLabels) {
        if (Files.isDirectory(file)) {
            // DataVec would read its files as one, each header after the first a row of data
            throw new UserException(key + ": " + file + " is a directory; give one delimited file with a header");
        }
        // TSV has no quoting (a stray " in a review is just a character); other delimiters honour "quoted" fields.
        // NUL cannot occur in text that TextFiles accepted, so as the quote character it turns quoting off.
        char quote = spec.delimiterChar() == '\t' ? '\0' : '"';
        CSVRecordReader reader = new CSVRecordReader(0, spec.delimiterChar(), quote);
        try {
            // missing, special, too large, empty, binary or non-UTF-8: one clear line; a byte-order mark is dropped
            reader.initialize(TextFiles.csvSplit(key, file, spec.fileLimit()));
        } catch (IOException | InterruptedException e) {
            throw new UserException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        List<String> header = TextFiles.csvRow(key, file, 1, reader);
        int labelAt = header.indexOf(spec.labelColumn());
        int textAt = header.indexOf(spec.textColumn());
        if ((withLabels && labelAt < 0) || textAt < 0) {
            throw new UserException(key + ": " + file + " line 1: no column '" + (labelAt < 0 ? spec.labelColumn()
                    : spec.textColumn()) + "' in the header " + header + " (set data.labelColumn / data.textColumn"
                    + " and data.delimiter)");
        }
        List<LabelledText> out = new ArrayList<>();
        for (int line = 2; reader.hasNext(); line++) {
            List<String> row = TextFiles.csvRow(key, file, line, reader);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // a blank line
            }
            if (row.size() <= Math.max(labelAt, textAt)) {
                throw new UserException(key + ": " + file + " line " + line + ": " + row.size() + " field"
                        + (row.size() == 1 ? "" : "s") + ", the header has " + header.size());
            }
            String label = labelAt < 0 ? null : row.get(labelAt).strip();
            String text = row.get(textAt).strip();
            if (withLabels && label.isEmpty()) {
                throw new UserException(key + ": " + file + " line " + line + ": empty label");
            }
            if (text.isEmpty()) {
                throw new UserException(key + ": " + file + " line " + line + ": empty text");
            }
            out.add(new LabelledText(label, text, line));
        }
        if (out.isEmpty()) {
            throw new UserException(key + ": " + file + " has a header but no rows");
        }
        return out;
    }
}
