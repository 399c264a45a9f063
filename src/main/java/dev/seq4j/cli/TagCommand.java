package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.Tagger;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.data.tagging.ConllReader;
import dev.seq4j.data.tagging.RawText;
import dev.seq4j.data.tagging.TaggedSentence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code seq4j tag RUN_DIR --input FILE [--format auto|conll|text] [--out FILE]}: CoNLL out with a predicted tag column. */
@Command(name = "tag", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tag every token with a finished tagging run. Input is CoNLL (the run's token column is read; "
                + "each line is written back with the predicted tag appended) or plain text (a sentence per line, "
                + "tokenised as the README describes; written as token<TAB>tag lines). A blank line ends each sentence.")
public final class TagCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a tagging task")
    Path runDir;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CoNLL or plain text to tag")
    Path input;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto (CoNLL for .conll .conllu .tsv .iob .bio .bioes .tags files, else text), conll or text")
    String format;

    @Mixin
    OutputOption out;

    /** Input formats of {@code --format}. */
    static final List<String> FORMATS = List.of("auto", "conll", "text");
    private static final Set<String> CONLL_EXTENSIONS = Set.of("conll", "conllu", "tsv", "iob", "bio", "bioes", "tags");
    /** Sentences tagged per call: the evaluation's minibatch, so tag's tags are eval's for the same sentences. */
    static final int CHUNK = 64;

    @Override
    public Integer call() throws IOException {
        if (!FORMATS.contains(format)) {
            throw new UserException("--format: must be one of " + FORMATS + ", got '" + format + "'");
        }
        Tagger tagger = Runs.load(runDir, Tagger.class, "tag", "tagging");
        TaggingDataSpec data = (TaggingDataSpec) tagger.config().data();
        boolean conll = format(format, input).equals("conll");
        List<TaggedSentence> sentences = conll
                ? new ConllReader(data.separator(), data.tokenColumn(), 0, data.fileLimit()).read("--input", input)
                : RawText.read("--input", input, data.fileLimit());
        List<List<String>> tags = new ArrayList<>();
        for (int from = 0; from < sentences.size(); from += CHUNK) {
            tags.addAll(tagger.tagAll(sentences.subList(from, Math.min(from + CHUNK, sentences.size())).stream()
                    .map(TaggedSentence::tokens).toList()));
        }
        // CoNLL input keeps its lines and gains the tag as a last column (with the line's own separator); text
        // becomes token<TAB>tag lines; a blank line after each sentence
        StringWriter buffer = new StringWriter();
        for (int k = 0; k < sentences.size(); k++) {
            TaggedSentence s = sentences.get(k);
            for (int i = 0; i < s.size(); i++) {
                String tag = tags.get(k).get(i);
                if (conll) {
                    String row = s.rows().get(i);
                    buffer.write(row + (row.indexOf('\t') >= 0 ? "\t" : " ") + tag + "\n");
                } else {
                    buffer.write(s.tokens().get(i) + "\t" + tag + "\n");
                }
            }
            buffer.write("\n");
        }
        out.emit(buffer.toString(), sentences.size() + " sentences");
        return Seq4j.OK;
    }

    /** {@code auto}'s choice: CoNLL for the extensions .conll .conllu .tsv .iob .bio .bioes .tags, text otherwise. */
    static String format(String format, Path input) {
        if (!format.equals("auto")) {
            return format;
        }
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && CONLL_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT)) ? "conll" : "text";
    }
}
