package dev.seq4j.data.synthetic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generated {@code source<TAB>target} pairs for encoder-decoders, character-level on both sides; tests, examples and
 * notebooks share them:
 * <ul>
 * <li>{@code dates}: a date written in one of eight human styles ("5 March 2014", "Mar 5, 2014", "05/03/14",
 * "wednesday, march 5, 2014") to its ISO form "2014-03-05", dates between 1950 and 2049;</li>
 * <li>{@code addition}: "a+b" to the digits of the sum, a and b in 0..999;</li>
 * <li>{@code reverse}: a string of 3 to 8 letters from a..h to the same letters reversed.</li>
 * </ul>
 * Sources are distinct within a call.
 */
public final class SyntheticPairs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyntheticPairs.class);

    public static final List<String> KINDS = List.of("dates", "addition", "reverse");
    private static final List<DateTimeFormatter> DATE_STYLES = List.of(
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("dd/MM/yy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMMM d yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH));

    private SyntheticPairs() {
    }

    /** A source and its target. */
    public record Example(String source, String target) {
    }

    /** {@code n} distinct examples of a kind. */
    public static List<Example> generate(String kind, int n, long seed) {
        Random random = new Random(seed);
        Set<String> seen = new LinkedHashSet<>();
        List<Example> out = new ArrayList<>(n);
        LocalDate first = LocalDate.of(1950, 1, 1);
        int days = (int) (LocalDate.of(2050, 1, 1).toEpochDay() - first.toEpochDay());
        int attempts = 0;
        while (out.size() < n) {
            if (++attempts > 100L * n + 1000) {
                throw new IllegalArgumentException("cannot find " + n + " distinct " + kind + " examples");
            }
            Example e = switch (kind) {
                case "dates" -> {
                    LocalDate d = first.plusDays(random.nextInt(days));
                    String s = d.format(DATE_STYLES.get(random.nextInt(DATE_STYLES.size())));
                    yield new Example(random.nextBoolean() ? s.toLowerCase(Locale.ROOT) : s, d.toString());
                }
                case "addition" -> {
                    int a = random.nextInt(1000);
                    int b = random.nextInt(1000);
                    yield new Example(a + "+" + b, Integer.toString(a + b));
                }
                case "reverse" -> {
                    StringBuilder s = new StringBuilder();
                    int len = 3 + random.nextInt(6);
                    for (int i = 0; i < len; i++) {
                        s.append((char) ('a' + random.nextInt(8)));
                    }
                    yield new Example(s.toString(), new StringBuilder(s).reverse().toString());
                }
                default -> throw new IllegalArgumentException("unknown kind " + kind + ", expected one of " + KINDS);
            };
            if (seen.add(e.source())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Writes {@code source<TAB>target} lines. */
    public static void write(List<Example> examples, Path file) {
        StringBuilder text = new StringBuilder();
        examples.forEach(e -> text.append(e.source()).append('\t').append(e.target()).append('\n'));
        dev.seq4j.run.RunDirectory.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code SyntheticPairs KIND N SEED FILE}. */
    public static void main(String[] args) {
        if (args.length != 4) {
            LOG.error("usage: SyntheticPairs " + String.join("|", KINDS) + " N SEED FILE");
            System.exit(2);
        }
        write(generate(args[0], Integer.parseInt(args[1]), Long.parseLong(args[2])), Path.of(args[3]));
    }
}
