package dev.seq4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.seq4j.UserException;
import dev.seq4j.data.InputFiles;
import dev.seq4j.data.text.TextFiles;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a YAML or JSON config (JSON is YAML), applies {@code a.b=c} overrides, and binds each section to its
 * record. Strict: unknown keys, wrong types and out-of-range values raise {@link ConfigException} naming the
 * full key.
 */
public final class ConfigLoader {
    private static final Set<String> SECTIONS = Set.of("task", "seed", "data", "model", "train");
    /** Config and sweep files are a few KiB; a larger one is a mistake (a data file given as the config). */
    public static final long MAX_FILE_BYTES = 1L << 20;
    private static final InputFiles.Limit CONFIG_LIMIT = new InputFiles.Limit(MAX_FILE_BYTES, null);

    public static final ObjectMapper YAML = strict(YAMLMapper.builder(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));
    public static final ObjectMapper JSON = strict(JsonMapper.builder());

    private ConfigLoader() {
    }

    private static ObjectMapper strict(com.fasterxml.jackson.databind.cfg.MapperBuilder<?, ?> builder) {
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** Loads {@code file}, applies {@code overrides} ({@code a.b=c}, value parsed as YAML) and resolves defaults. */
    public static RunConfig load(Path file, List<String> overrides) {
        JsonNode root = readTree(file, "config");
        if (!(root instanceof ObjectNode object)) {
            throw new UserException(file + ": a config must be a mapping with task, seed, data, model, train");
        }
        for (String override : overrides) {
            applyOverride(object, override);
        }
        return fromTree(object);
    }

    /**
     * Refuses a command line that sets one key twice ({@code --set a=1 --set a=2}): one of the two is a mistake. (In
     * code, {@link #load} applies overrides in order, so a later one may replace an earlier one on purpose.)
     */
    public static void checkOverrides(List<String> overrides) {
        Map<String, String> given = new HashMap<>();
        for (String override : overrides) {
            String key = overrideKey(override);
            String earlier = given.putIfAbsent(key, override);
            if (earlier != null) {
                throw new UserException("--set " + key + " is given twice (" + earlier + ", then " + override
                        + "); give it once");
            }
        }
    }

    /** The key of a {@code --set KEY=VALUE} override (the whole text when it has no {@code =}). */
    public static String overrideKey(String override) {
        return override.contains("=") ? override.substring(0, override.indexOf('=')).strip() : override;
    }

    /**
     * Parses a YAML or JSON file; every problem is a one-line {@link UserException} that starts with the file: not
     * found, a directory, a pipe, device or socket, over {@link #MAX_FILE_BYTES}, empty, not UTF-8 text, not valid YAML
     * (with the line), or a key given twice in one mapping (with both lines).
     *
     * @param what the kind of file for messages: "config", "sweep"
     */
    public static JsonNode readTree(Path file, String what) {
        InputFiles.Kind kind = InputFiles.kind(file);
        switch (kind) {
            case FILE -> {
            }
            case MISSING -> throw new UserException(file + ": " + what + " file not found");
            case DIRECTORY -> throw new UserException(file + ": is a directory; give a " + what + " file (YAML or JSON)");
            default -> throw new UserException(file + ": is " + kind + ", not a regular file; give a " + what
                    + " file (YAML or JSON)");
        }
        long size = file.toFile().length();
        if (size > MAX_FILE_BYTES) {
            throw new UserException(file + ": " + what + " file is " + InputFiles.size(size) + "; config and sweep files "
                    + "are at most " + InputFiles.size(MAX_FILE_BYTES) + " (is it a data file?)");
        }
        byte[] bytes = InputFiles.read(file + ": " + what + " file", file, CONFIG_LIMIT);
        String problem = TextFiles.notUtf8(bytes);
        if (problem != null) {
            throw new UserException(file + ": " + what + " file " + problem);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some editors write
        }
        if (text.isBlank()) {
            throw new UserException(file + ": " + what + " file is empty");
        }
        try {
            checkDuplicateKeys(file, text);
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": not valid YAML/JSON " + syntaxError(e));
        }
    }

    /**
     * Refuses a key that occurs twice in one mapping, at any depth, naming it (dotted, from the top) and both lines.
     * Jackson's tree would keep the last silently (a repeated {@code train:} section replaced the first whole), and
     * its own duplicate detection names only the second line.
     */
    private static void checkDuplicateKeys(Path file, String text) throws JsonProcessingException {
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            Deque<Map<String, Integer>> mappings = new ArrayDeque<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT -> mappings.push(new HashMap<>());
                    case END_OBJECT -> mappings.pop();
                    case FIELD_NAME -> {
                        int line = parser.currentTokenLocation().getLineNr();
                        Integer first = mappings.peek().putIfAbsent(parser.currentName(), line);
                        if (first != null) {
                            throw new UserException(file + ": key '" + dotted(parser.getParsingContext()) + "' is given "
                                    + "twice, on line " + first + " and line " + line + "; keep one (a repeated key or "
                                    + "section would replace the earlier one)");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            if (e instanceof JsonProcessingException j) {
                throw j;
            }
            throw new java.io.UncheckedIOException(e); // reading a String
        }
    }

    /** The dotted key of a parser's position: {@code data.train}, {@code space.model.layers[1]}. */
    private static String dotted(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String key = String.join("", parts);
        return key.startsWith(".") ? key.substring(1) : key;
    }

    /**
     * A parser's complaint on one line: "at line L, column C: problem (while parsing X from line L2)". SnakeYAML's own
     * message spans several lines (the context, the problem, an excerpt with a caret), and bad input is one line.
     */
    static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            String where = "at line " + (y.getProblemMark().getLine() + 1) + ", column " + (y.getProblemMark().getColumn() + 1);
            String context = y.getContext() == null ? "" : " (" + oneLine(y.getContext())
                    + (y.getContextMark() == null ? "" : " from line " + (y.getContextMark().getLine() + 1)) + ")";
            return where + ": " + oneLine(y.getProblem()) + context;
        }
        String where = e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ": ";
        return where + oneLine(e.getOriginalMessage());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
    }

    /** Binds a parsed config tree; every missing value takes its section's default. */
    public static RunConfig fromTree(ObjectNode root) {
        Set<String> unknown = new TreeSet<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.iterator().next(), "unknown key; top-level keys are " + new TreeSet<>(SECTIONS));
        }
        JsonNode taskNode = root.get("task");
        if (taskNode == null || !taskNode.isTextual()) {
            throw new ConfigException("task", "is required, e.g. task: charlm");
        }
        TaskType task = TaskTypes.of(taskNode.asText());
        JsonNode seedNode = root.get("seed");
        if (seedNode == null || seedNode.isNull()) {
            throw new ConfigException("seed", "is required (an integer): every run is reproducible from its seed");
        }
        if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
            throw new ConfigException("seed", "must be an integer, got " + seedNode);
        }
        DataSpec data = bind(root, "data", task.dataSpec());
        ModelSpec model = bind(root, "model", ModelSpec.class);
        TrainSpec train = bind(root, "train", TrainSpec.class);
        RunConfig config = new RunConfig(task.id(), seedNode.asLong(), data, model, train);
        task.checkConfig(config);
        TaskOption.check(config, task);
        return config;
    }

    private static <T> T bind(ObjectNode root, String section, Class<T> type) {
        JsonNode node = root.get(section);
        if (node == null || node.isNull()) {
            node = JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(section, "must be a mapping, got " + node.getNodeType().toString().toLowerCase());
        }
        checkFinite(section, node);
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new ConfigException(section + "." + e.getPropertyName(), "unknown key; " + section
                    + " keys are [" + known + "]");
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException c) {
                String at = path(e); // an option value read inside the section (an OptionValue) knows where it sits
                throw at.isEmpty() ? c.under(section) : c.at(section + at);
            }
            throw new ConfigException(section, e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new ConfigException(section + path(e), "wrong type: expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            // e.g. a number too large for an integer key
            throw new ConfigException(section + path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(section, e.getOriginalMessage());
        }
    }

    /** Refuses a non-finite number anywhere in a section ({@code 1e999} parses as infinity), naming its key. */
    private static void checkFinite(String key, JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            throw new ConfigException(key, "must be a finite number, got " + node.asText());
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> checkFinite(key + "." + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkFinite(key + "[" + i + "]", node.get(i));
            }
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    /** Sets {@code a.b.c=value} in the tree; the value is parsed as YAML, so numbers and lists keep their type. */
    public static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserException("--set " + override + ": expected key=value, e.g. --set train.epochs=5");
        }
        String key = override.substring(0, eq).strip();
        String raw = override.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new UserException("--set " + override + ": value is not valid YAML (" + e.getOriginalMessage() + ")");
        }
        if (value == null || value.isMissingNode()) {
            value = JsonNodeFactory.instance.nullNode();
        }
        if (Arrays.stream(key.split("\\.", -1)).anyMatch(String::isEmpty)) {
            throw new UserException("--set " + override + ": empty key segment");
        }
        set(root, key, value);
    }

    /** Sets the value at dotted {@code key}, making the sections on the way; a value in the way is an error. */
    public static void set(ObjectNode root, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            }
            if (!(child instanceof ObjectNode childObject)) {
                throw new ConfigException(String.join(".", Arrays.copyOf(parts, i + 1)),
                        "is not a section, cannot set " + key);
            }
            node = childObject;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** The resolved config as a tree, every default written out. */
    public static ObjectNode toTree(RunConfig config) {
        return YAML.valueToTree(config);
    }

    /** The resolved config as YAML, every default written out. */
    public static String toYaml(RunConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config", e);
        }
    }

    /** Parses YAML text written by {@link #toYaml}. */
    public static RunConfig fromYaml(String yaml) {
        return fromYaml(Path.of("config"), yaml);
    }

    /**
     * Parses the text of {@code file} (a run directory's {@code config.yaml}, which may come from elsewhere) with the
     * checks of {@link #readTree}: a key given twice, YAML that is not a mapping or not valid is one line naming it.
     */
    public static RunConfig fromYaml(Path file, String yaml) {
        try {
            checkDuplicateKeys(file, yaml);
            JsonNode root = YAML.readTree(yaml);
            if (!(root instanceof ObjectNode object)) {
                throw new UserException(file + ": not a seq4j config (a mapping with task, seed, data, model, train)");
            }
            try {
                return fromTree(object);
            } catch (UserException e) {
                throw new UserException(file + ": " + e.getMessage(), e);
            }
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": not valid YAML " + syntaxError(e));
        }
    }

}
