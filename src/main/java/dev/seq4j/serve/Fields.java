package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading a request's JSON values strictly: the wrong type, a missing value or one out of range is a 400 naming it. */
final class Fields {
    private Fields() {
    }

    static String text(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw HttpError.bad(field, "must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    static int integer(JsonNode node, String field, int min, int max, int absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw HttpError.bad(field, "must be an integer in " + min + ".." + max + ", got " + shown(node));
        }
        return node.intValue();
    }

    static long longInteger(JsonNode node, String field, long absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw HttpError.bad(field, "must be an integer, got " + shown(node));
        }
        return node.longValue();
    }

    static double number(JsonNode node, String field, double absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw HttpError.bad(field, "must be a finite number, got " + shown(node));
        }
        return node.doubleValue();
    }

    /** An array of at least one and at most {@code max} elements. */
    static JsonNode array(JsonNode node, String field, int max) {
        if (node == null || !node.isArray()) {
            throw HttpError.bad(field, "must be an array, got " + kind(node));
        }
        if (node.isEmpty()) {
            throw HttpError.bad(field, "is empty");
        }
        if (node.size() > max) {
            throw HttpError.bad(field, node.size() + " elements, more than the " + max + " this server takes");
        }
        return node;
    }

    /** An array of strings, at least one and at most {@code max}, none empty. */
    static List<String> strings(JsonNode node, String field, int max) {
        JsonNode array = array(node, field, max);
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String s = text(array.get(i), field + "[" + i + "]");
            if (s.isEmpty()) {
                throw HttpError.bad(field + "[" + i + "]", "is empty");
            }
            out.add(s);
        }
        return out;
    }

    /** A finite number, or NaN for JSON null when {@code nullable}. */
    static double value(JsonNode node, String field, boolean nullable) {
        if (nullable && (node == null || node.isNull())) {
            return Double.NaN;
        }
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw HttpError.bad(field, "must be a finite number" + (nullable ? " or null" : "") + ", got " + shown(node));
        }
        return node.doubleValue();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A value as the error shows it: short scalars as they are, anything else by its kind. */
    static String shown(JsonNode node) {
        if (node != null && node.isValueNode() && node.toString().length() <= 40) {
            return node.toString();
        }
        return kind(node);
    }
}
