package dev.seq4j.data;

import dev.seq4j.UserException;

import java.util.regex.Pattern;

/**
 * Numbers in data files, read as the networks will use them. A value must be a plain decimal ({@code 12},
 * {@code -0.5}, {@code .5}, {@code 1e-3}) whose magnitude fits a 32-bit float (at most about 3.4e38): the networks
 * compute in float32, so {@code 1e308}, finite as a double, would become infinity there and every result NaN.
 * Java's {@link Double#parseDouble} accepts more ({@code Infinity}, {@code NaN}, hexadecimal {@code 0x1p3}, type
 * suffixes {@code 1f} and {@code 1d}); none of that is data.
 */
public final class Numbers {
    /** Optional sign, digits with an optional point (or a point and digits), optional exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {
    }

    /** Whether {@code text} (stripped) is written as a plain decimal number, whatever its size. */
    public static boolean isDecimal(String text) {
        return DECIMAL.matcher(text.strip()).matches();
    }

    /**
     * The value of {@code text} (stripped), or a {@link UserException} {@code "<where>: '<text>' is ..."} saying why
     * it is none: not a number, not a plain decimal, not finite, or out of float32's range.
     *
     * @param where the start of the message: key, file, line and column
     */
    public static double parse(String text, String where) {
        String problem = problem(text);
        if (problem != null) {
            throw new UserException(where + ": '" + text.strip() + "' " + problem);
        }
        return Double.parseDouble(text.strip());
    }

    /** Why {@code text} is not a usable value, as the end of a sentence ("is not a number"), or {@code null}. */
    public static String problem(String text) {
        String t = text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return "is not a number";
            }
            return Double.isFinite(v) ? "is not a plain decimal number (no hexadecimal, no f or d suffix)"
                    : "is not a finite number";
        }
        // as the network will hold it: a decimal that rounds to float32's largest value is fine, beyond it infinity
        if (!Float.isFinite((float) Double.parseDouble(t))) {
            return "is out of range: the networks compute in 32-bit floats, whose magnitude is at most 3.4e38";
        }
        return null;
    }
}
