package dev.seq4j.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A value of a closed set of config options, named in YAML in lower case ({@code pooling: max},
 * {@code cell: peephole_lstm}): the config's enums implement it. Reading ignores surrounding blanks and case;
 * writing (and {@code toString}) gives the lower-case name back, so a run's {@code config.yaml} reads as it was
 * written.
 */
public interface OptionValue {
    /** The enum constant's name, as the enum declares it. */
    String name();

    /** The name a config uses: the constant's in lower case; what Jackson writes for it. */
    @com.fasterxml.jackson.annotation.JsonValue
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ids of all the values of {@code type}, in declaration order. */
    static <E extends Enum<E> & OptionValue> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(OptionValue::id).toList();
    }

    /**
     * The value of {@code type} named {@code text}, or a {@link ConfigException} on {@code key} whose message is
     * {@code String.format(unknown, text, ids)}, e.g. {@code "must be one of %2$s, got '%1$s'"}.
     */
    static <E extends Enum<E> & OptionValue> E parse(Class<E> type, String text, String key, String unknown) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.id().equals(wanted)) {
                return value;
            }
        }
        throw new ConfigException(key, String.format(Locale.ROOT, unknown, wanted, ids(type)));
    }

    /** The usual message for {@link #parse}: {@code must be one of [a, b], got 'c'}. */
    String ONE_OF = "must be one of %2$s, got '%1$s'";
}
