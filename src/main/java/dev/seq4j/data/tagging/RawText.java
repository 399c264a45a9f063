package dev.seq4j.data.tagging;

import dev.seq4j.data.InputFiles;
import dev.seq4j.data.text.TextFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain text for a tagger: each non-blank line is a sentence (blank lines are skipped), split into tokens the way
 * the Brown corpus splits them, closely enough:
 * <ol>
 * <li>split at whitespace;</li>
 * <li>peel opening brackets and double quotes ({@code ( [ { "}) off the front of each piece and closing ones and
 * the marks {@code ) ] } " , ; : ! ?} off its end, each a token of its own;</li>
 * <li>a final {@code .} is a token of its own on the line's last piece only, so abbreviations such as
 * {@code Mr.} stay whole; apostrophes stay inside words ({@code it's}, {@code don't} and {@code students'} are
 * one token each, as in Brown);</li>
 * <li>a piece with no letter or digit ({@code ...}, {@code --}) is one token.</li>
 * </ol>
 */
public final class RawText {
    private static final String OPENING = "([{\"";
    private static final String CLOSING = ")]}\",;:!?";

    private RawText() {
    }

    /** The sentences of a text file (untagged), a line each, with the default limit per file. */
    public static List<TaggedSentence> read(String key, Path file) {
        return read(key, file, InputFiles.Limit.DATA);
    }

    /** The sentences of a text file, or of a directory's files, a line each; each file of at most {@code limit}. */
    public static List<TaggedSentence> read(String key, Path file, InputFiles.Limit limit) {
        List<TaggedSentence> out = new ArrayList<>();
        for (Path f : TextFiles.files(key, file)) {
            String[] lines = TextFiles.readOne(key, f, limit).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                List<String> tokens = tokens(lines[i]);
                if (!tokens.isEmpty()) {
                    out.add(new TaggedSentence(f.toString(), i + 1, tokens, null, tokens));
                }
            }
        }
        if (out.isEmpty()) {
            throw new dev.seq4j.UserException(key + ": " + file + " has no text to tag");
        }
        return out;
    }

    /** One line's tokens by the rule above. */
    public static List<String> tokens(String line) {
        String[] pieces = line.strip().split("\\s+");
        List<String> tokens = new ArrayList<>();
        for (int p = 0; p < pieces.length; p++) {
            String piece = pieces[p];
            if (piece.isEmpty()) {
                continue;
            }
            if (piece.codePoints().noneMatch(Character::isLetterOrDigit)) {
                tokens.add(piece);
                continue;
            }
            int start = 0;
            while (start < piece.length() && OPENING.indexOf(piece.charAt(start)) >= 0) {
                tokens.add(String.valueOf(piece.charAt(start++)));
            }
            List<String> tail = new ArrayList<>();
            int end = piece.length();
            while (end > start) {
                char c = piece.charAt(end - 1);
                boolean last = p == pieces.length - 1;
                if (CLOSING.indexOf(c) >= 0 || (c == '.' && last && tail.stream().noneMatch("."::equals)
                        && !piece.substring(start, end).equals("."))) {
                    tail.add(0, String.valueOf(c));
                    end--;
                } else {
                    break;
                }
            }
            if (end > start) {
                tokens.add(piece.substring(start, end));
            }
            tokens.addAll(tail);
        }
        return tokens;
    }
}
