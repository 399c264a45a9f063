package dev.seq4j.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.UserException;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.type.TypeFactory;
import org.nd4j.shade.jackson.databind.util.LRUMap;
import org.nd4j.shade.jackson.databind.util.LookupCache;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DL4J's JSON configurations, which name classes: every type id is checked before DL4J sees it.
 * <p>
 * DL4J (1.0.0-M2.1) reads {@code configuration.json} with its shaded Jackson 2.13.3, whose type ids are class names
 * ({@code @JsonTypeInfo(use = CLASS)}) under the property {@code "@class"} (layers, vertices, activations, losses,
 * updaters, schedules, weight initialisers, preprocessors, ...) or {@code "type"} (distributions). Jackson resolves a
 * type id with {@code Class.forName(name, true, loader)}, which runs the class's static initialiser, and only then
 * checks that it is a subtype; it takes the <em>first</em> of duplicate keys, accepts the array form
 * {@code ["Type", {...}]} wherever it expects the property form, and parses {@code "A<B>"} as a generic type, loading
 * (and initialising) {@code B} as well. So two things happen here:
 * <ol>
 * <li>{@link #checkTypeIds} reads the text with our own Jackson, refusing duplicate keys at any depth and trailing
 * content, and requires every {@code "@class"} (any case), every class-like {@code "type"} and the first element of
 * every array-form type id to be a plain class name under {@code org.deeplearning4j.}, {@code org.nd4j.} (not its
 * shaded libraries) or {@code dev.seq4j.}; the array form, which DL4J never writes, is refused as an array of a
 * string and an object or array ({@code ["Type", {...}]}), and so is any array whose first element is a string that
 * could name a class outside those prefixes ({@code ["java.util.logging.FileHandler", "x"]}, three elements, ...);
 * an array whose first element is an allowed name and whose second is a scalar reaches DL4J, where the restricted
 * type factory below keeps to allowed names;</li>
 * <li>{@link #harden} gives DL4J's own object mappers a type factory that resolves only such names, and loads them
 * without initialising them (the JVM initialises a class when Jackson first creates an instance, by then known to
 * be a DL4J type): whatever form a type id takes, no other class is loaded.</li>
 * </ol>
 * Legacy formats (before 1.0.0-beta) name their types by registered names ({@code JsonTypeInfo.Id.NAME}), which
 * cannot name a class.
 */
public final class Dl4jJson {
    private static final Pattern PLAIN = Pattern.compile(
            "(org\\.deeplearning4j|org\\.nd4j|dev\\.seq4j)(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
    private static final String SHADED = "org.nd4j.shade.";
    private static boolean hardened;

    private Dl4jJson() {
    }

    /** Whether {@code name} may be a type id: a plain class name of DL4J, ND4J or seq4j. */
    public static boolean allowed(String name) {
        return PLAIN.matcher(name).matches() && !name.startsWith(SHADED);
    }

    /**
     * Makes DL4J's JSON mappers (the current one and the legacy one) resolve type ids through {@link Restricted};
     * idempotent.
     */
    public static synchronized void harden() {
        if (!hardened) {
            JsonMappers.getMapper().setTypeFactory(new Restricted());
            JsonMappers.getLegacyMapper().setTypeFactory(new Restricted());
            hardened = true;
        }
    }

    /**
     * Refuses {@code json} (the entry {@code entry} of {@code file}) unless it parses without duplicate keys and every
     * type id in it is {@link #allowed}; see the class comment.
     *
     * @return the parsed tree
     */
    public static JsonNode checkTypeIds(Path file, String entry, String json) {
        JsonNode tree;
        try {
            tree = RunFiles.STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": " + entry + " is not valid JSON (" + RunFiles.oneLine(e)
                    + "); the file is corrupt or not a model");
        }
        if (tree == null || !tree.isObject()) {
            throw new UserException(file + ": " + entry + " is not a JSON object; not a model");
        }
        check(file, entry, tree);
        return tree;
    }

    private static void check(Path file, String entry, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                JsonNode value = f.getValue();
                if (key.equalsIgnoreCase("@class")) {
                    if (!value.isTextual()) {
                        throw new UserException(file + ": " + entry + " has a type id '" + key + "' that is not a "
                                + "string; refusing to load it");
                    }
                    requireAllowed(file, entry, value.asText());
                } else if (key.equalsIgnoreCase("type") && value.isTextual() && classLike(value.asText())) {
                    requireAllowed(file, entry, value.asText());
                }
                check(file, entry, value);
            }
        } else if (node.isArray()) {
            JsonNode first = node.get(0);
            boolean typeIdForm = node.size() == 2 && first.isTextual() && node.get(1).isContainerNode();
            // Jackson takes the first element of any array as a type id where it expects one, whatever follows it
            boolean foreignName = first != null && first.isTextual() && classLike(first.asText())
                    && !allowed(first.asText());
            if (typeIdForm || foreignName) {
                throw new UserException(file + ": " + entry + " holds a type id in array form ['"
                        + printable(node.get(0).asText()) + "', ...], which DL4J never writes; refusing to load it");
            }
            for (JsonNode child : node) {
                check(file, entry, child);
            }
        }
    }

    /** A value that Jackson could take for a class name (a dotted name, an array or generic type). */
    private static boolean classLike(String s) {
        return s.indexOf('.') >= 0 || s.indexOf('<') >= 0 || s.indexOf('[') >= 0 || s.indexOf('$') >= 0;
    }

    private static void requireAllowed(Path file, String entry, String name) {
        if (!allowed(name)) {
            throw new UserException(file + ": " + entry + " names class '" + printable(name) + "', which is not a "
                    + "plain class name of DL4J, ND4J or seq4j; refusing to load it");
        }
    }

    static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
    }

    /**
     * A type factory that finds only {@link #allowed} classes, loaded without being initialised. Jackson's own
     * {@code findClass} initialises the class and falls back to another class loader; every type id (plain, generic
     * parameter, array) is resolved through {@code findClass}.
     */
    static final class Restricted extends TypeFactory {
        Restricted() {
            super((LookupCache<Object, JavaType>) new LRUMap<Object, JavaType>(16, 200));
        }

        @Override
        public Class<?> findClass(String className) throws ClassNotFoundException {
            if (!allowed(className)) {
                throw new ClassNotFoundException("'" + printable(className) + "' is not a plain class name of DL4J, "
                        + "ND4J or seq4j");
            }
            return Class.forName(className, false, Dl4jJson.class.getClassLoader());
        }

        // a derived factory would be Jackson's own, unrestricted one: nothing in DL4J derives one after harden()
        @Override
        public TypeFactory withModifier(org.nd4j.shade.jackson.databind.type.TypeModifier mod) {
            throw new UnsupportedOperationException("DL4J's type factory is restricted (see Dl4jJson)");
        }

        @Override
        public TypeFactory withClassLoader(ClassLoader classLoader) {
            throw new UnsupportedOperationException("DL4J's type factory is restricted (see Dl4jJson)");
        }
    }
}
