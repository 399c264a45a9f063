package dev.seq4j.data.pairs;

import dev.seq4j.UserException;
import dev.seq4j.data.text.TextFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Converts the CMU pronouncing dictionary ({@code WORD  PH1 PH2 ...} lines, alternative pronunciations as
 * {@code WORD(1)}, comments starting {@code ;;;}) to grapheme-to-phoneme pairs: the word lower-cased, a tab, its
 * first pronunciation with the stress digits removed ({@code abandon<TAB>AH B AE N D AH N}). Only words of letters
 * and apostrophes are kept (no abbreviations with dots, numbers or hyphenated entries). A line that is neither a
 * comment nor an entry is an error naming the line.
 */
public final class CmuDict {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CmuDict.class);

    private static final Pattern WORD = Pattern.compile("[a-z']*[a-z][a-z']*");
    private static final Pattern PHONE = Pattern.compile("[A-Z]+[012]?");

    private CmuDict() {
    }

    /** Words to their first pronunciation (stress removed), in the dictionary's order. */
    public static Map<String, String> read(Path file) {
        Map<String, String> words = new LinkedHashMap<>();
        String[] lines = TextFiles.readOne("dict", file).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";;;")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2) {
                throw new UserException(file + " line " + (i + 1) + ": expected WORD  PHONES, got '" + line + "'");
            }
            List<String> phones = new ArrayList<>();
            for (int k = 1; k < parts.length; k++) {
                if (!PHONE.matcher(parts[k]).matches()) {
                    throw new UserException(file + " line " + (i + 1) + ": '" + parts[k] + "' is not an ARPAbet phone");
                }
                phones.add(parts[k].replaceAll("[012]$", ""));
            }
            String word = parts[0].toLowerCase(Locale.ROOT);
            if (word.endsWith(")") || !WORD.matcher(word).matches()) {
                continue; // an alternative pronunciation, or not a plain word
            }
            words.putIfAbsent(word, String.join(" ", phones));
        }
        return words;
    }

    /** {@code CmuDict DICT OUT_DIR SEED TRAIN VALID TEST}: shuffles the words and writes disjoint train/valid/test.tsv. */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            LOG.error("usage: CmuDict DICT OUT_DIR SEED TRAIN VALID TEST");
            System.exit(2);
        }
        Map<String, String> words = read(Path.of(args[0]));
        List<String> order = new ArrayList<>(words.keySet());
        Collections.shuffle(order, new Random(Long.parseLong(args[2])));
        int[] sizes = {Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5])};
        String[] names = {"train.tsv", "valid.tsv", "test.tsv"};
        int from = 0;
        for (int s = 0; s < 3; s++) {
            List<String> part = new ArrayList<>(order.subList(from, from + sizes[s]));
            Collections.sort(part);
            StringBuilder text = new StringBuilder();
            part.forEach(w -> text.append(w).append('\t').append(words.get(w)).append('\n'));
            dev.seq4j.run.RunDirectory.writeAtomically(Path.of(args[1], names[s]), text.toString().getBytes(StandardCharsets.UTF_8));
            from += sizes[s];
        }
        LOG.info(String.format(Locale.ROOT, "%d words with a plain spelling; wrote %d, %d and %d", words.size(), sizes[0],
                sizes[1], sizes[2]));
    }
}
