package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file, read strictly and checked completely before any trial runs. Grid search trains every
 * combination of the values listed in {@code space}; random search draws {@code trials} candidates from the
 * same space (Bergstra and Bengio 2012). Keys:
 * <pre>
 * base:   a config file (path from the working directory, like the data paths inside configs) or an inline config
 * set:    {config key: value} applied to every trial, e.g. shorter epochs for the sweep
 * search: grid (default) or random
 * space:  {config key: [value, ...]} or {config key: {min, max, scale: linear|log, points}}; a range needs
 *         points (how many evenly spaced values, log-spaced for scale: log) in a grid; integer values
 *         when the key holds integers
 * trials: random search only: how many candidates to draw
 * seed:   random search only: the draws' seed (default: the base config's seed)
 * prune:  {afterEpochs, minTrials}: stop a trial that is worse than the median of completed trials
 * </pre>
 *
 * @param file     the sweep file, for messages
 * @param base     the resolved base config, {@code set} applied
 * @param baseTree {@code base} as a tree, every default written out, for making trial configs
 * @param space    what each swept key takes, in file order
 * @param trials   how many trials: the grid's size, or the random search's budget
 */
public record SweepSpec(Path file, RunConfig base, ObjectNode baseTree, String search, Map<String, Dimension> space,
                        int trials, long seed, Pruning prune) {
    public static final String GRID = "grid";
    public static final String RANDOM = "random";
    static final int MAX_TRIALS = 10_000;
    private static final List<String> KEYS = List.of("base", "set", "search", "space", "trials", "seed", "prune");

    /** The median rule: from epoch {@code afterEpochs} on, once {@code minTrials} trials completed. */
    public record Pruning(int afterEpochs, int minTrials) {
    }

    /** The values one swept key takes. */
    public sealed interface Dimension permits Values, Range {
        /** Every value a grid tries, in order. */
        List<JsonNode> gridValues();
    }

    /** An explicit list of values (any JSON: numbers, strings, lists such as layer sizes). */
    public record Values(List<JsonNode> values) implements Dimension {
        @Override
        public List<JsonNode> gridValues() {
            return values;
        }
    }

    /** A numeric range: uniform or log-uniform in random search, {@code points} evenly spaced values in a grid. */
    public record Range(double min, double max, boolean log, boolean integer, int points) implements Dimension {
        @Override
        public List<JsonNode> gridValues() {
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                double t = points == 1 ? 0 : i / (double) (points - 1);
                double value = log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)))
                        : min + t * (max - min);
                JsonNode node = value(value);
                if (!out.contains(node)) {
                    out.add(node);
                }
            }
            return out;
        }

        /** A point of the range as the config value: rounded to an integer, or to four significant digits. */
        public JsonNode value(double x) {
            if (integer) {
                return JsonNodeFactory.instance.numberNode(Math.max((long) min, Math.min((long) max, Math.round(x))));
            }
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", x)));
        }
    }

    /** Reads and checks {@code file}; any problem is a one-line {@link UserException} naming the file and key. */
    public static SweepSpec load(Path file) {
        JsonNode root = ConfigLoader.readTree(file, "sweep");
        if (!(root instanceof ObjectNode object)) {
            throw new UserException(file + ": a sweep file must be a mapping with keys " + KEYS);
        }
        return parse(file, object);
    }

    static SweepSpec parse(Path file, ObjectNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw error(file, name, "unknown key; sweep keys are " + KEYS);
            }
        }
        ObjectNode baseTree = baseTree(file, root.get("base"));
        JsonNode set = root.get("set");
        if (set != null && !set.isNull()) {
            if (!set.isObject()) {
                throw error(file, "set", "must be a mapping of config keys to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkKey(file, "set." + e.getKey(), e.getKey());
                try {
                    ConfigLoader.set(baseTree, e.getKey(), e.getValue());
                } catch (UserException ex) {
                    throw error(file, "set." + e.getKey(), ex.getMessage());
                }
            }
        }
        RunConfig base = bind(file, "key 'base' with 'set' applied", baseTree);
        ObjectNode resolved = ConfigLoader.toTree(base);

        String search = text(file, root, "search", GRID);
        if (!search.equals(GRID) && !search.equals(RANDOM)) {
            throw error(file, "search", "must be grid or random, got '" + search + "'");
        }
        JsonNode spaceNode = root.get("space");
        if (spaceNode == null || spaceNode.isNull() || (spaceNode.isObject() && spaceNode.isEmpty())) {
            throw error(file, "space", "is required: the config keys to sweep and their values, e.g. "
                    + "train.batchSize: [16, 32, 64]");
        }
        if (!spaceNode.isObject()) {
            throw error(file, "space", "must be a mapping of config keys to lists of values or ranges");
        }
        Map<String, Dimension> space = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spaceNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            checkKey(file, "space." + key, key);
            Dimension d = dimension(file, "space." + key, e.getValue(), search, valueAt(resolved, key));
            for (JsonNode value : checkValues(d)) {
                ObjectNode trial = resolved.deepCopy();
                try {
                    ConfigLoader.set(trial, key, value);
                } catch (UserException ex) {
                    throw error(file, "space." + key, ex.getMessage());
                }
                bind(file, "key 'space." + key + "', value " + value, trial);
            }
            space.put(key, d);
        }

        JsonNode trialsNode = root.get("trials");
        int trials;
        if (search.equals(GRID)) {
            if (trialsNode != null) {
                throw error(file, "trials", "is for search: random; a grid runs every combination");
            }
            long size = 1;
            for (Dimension d : space.values()) {
                size *= d.gridValues().size();
                if (size > MAX_TRIALS) {
                    throw error(file, "space", "the grid has more than " + MAX_TRIALS + " combinations; "
                            + "use fewer values or search: random");
                }
            }
            trials = (int) size;
        } else {
            if (trialsNode == null || !trialsNode.isIntegralNumber() || trialsNode.asLong() < 1
                    || trialsNode.asLong() > MAX_TRIALS) {
                throw error(file, "trials", "random search needs trials: an integer in 1.." + MAX_TRIALS
                        + (trialsNode == null ? "" : ", got " + trialsNode));
            }
            trials = trialsNode.asInt();
        }
        JsonNode seedNode = root.get("seed");
        if (seedNode != null && !(seedNode.isIntegralNumber() && seedNode.canConvertToLong())) {
            throw error(file, "seed", "must be an integer, got " + seedNode);
        }
        long seed = seedNode == null ? base.seed() : seedNode.asLong();
        return new SweepSpec(file, base, resolved, search, space, trials, seed, pruning(file, root.get("prune")));
    }

    private static ObjectNode baseTree(Path file, JsonNode node) {
        if (node == null || node.isNull()) {
            throw error(file, "base", "is required: the config every trial starts from (a file or a mapping)");
        }
        if (node.isTextual()) {
            Path config = Path.of(node.asText());
            try {
                return ConfigLoader.toTree(ConfigLoader.load(config, List.of()));
            } catch (UserException e) {
                throw new UserException(file + ": base: " + e.getMessage());
            }
        }
        if (node.isObject()) {
            return ((ObjectNode) node).deepCopy();
        }
        throw error(file, "base", "must be a config file name or a mapping, got " + node.getNodeType().toString()
                .toLowerCase());
    }

    private static void checkKey(Path file, String where, String key) {
        if (key.isBlank() || List.of(key.split("\\.", -1)).contains("")) {
            throw error(file, where, "is not a config key such as train.batchSize");
        }
        if (key.equals("task")) {
            throw error(file, where, "the task cannot change within a sweep");
        }
    }

    private static JsonNode valueAt(JsonNode tree, String key) {
        JsonNode node = tree;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /**
     * @param current the key's value in the resolved base: a range is integer when the key holds integers
     *                ({@code train.batchSize}), real when it holds reals ({@code model.dropout}, even for
     *                {@code {min: 0, max: 1}}), and otherwise integer when both ends are
     */
    private static Dimension dimension(Path file, String where, JsonNode node, String search, JsonNode current) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw error(file, where, "has no values");
            }
            List<JsonNode> values = new ArrayList<>();
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode v : node) {
                if (!seen.add(v)) {
                    throw error(file, where, "lists " + v + " twice");
                }
                values.add(v);
            }
            return new Values(List.copyOf(values));
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!List.of("min", "max", "scale", "points").contains(name)) {
                    throw error(file, where + "." + name, "unknown key; a range has min, max, scale and points");
                }
            }
            JsonNode min = node.get("min");
            JsonNode max = node.get("max");
            if (min == null || max == null || !min.isNumber() || !max.isNumber()) {
                throw error(file, where, "a range needs numbers min and max");
            }
            if (!Double.isFinite(min.asDouble()) || !Double.isFinite(max.asDouble())) {
                throw error(file, where, "a range needs finite min and max, got " + min.asText() + " and " + max.asText());
            }
            String scale = node.has("scale") ? node.get("scale").asText() : "linear";
            if (!scale.equals("linear") && !scale.equals("log")) {
                throw error(file, where + ".scale", "must be linear or log, got '" + scale + "'");
            }
            if (!(min.asDouble() < max.asDouble())) {
                throw error(file, where, "min must be below max, got " + min + " and " + max);
            }
            if (scale.equals("log") && min.asDouble() <= 0) {
                throw error(file, where, "a log-scale range needs min > 0, got " + min);
            }
            JsonNode points = node.get("points");
            int n = 0;
            if (points != null) {
                if (!points.isIntegralNumber() || points.asInt() < 2 || points.asInt() > 1000) {
                    throw error(file, where + ".points", "must be an integer in 2..1000, got " + points);
                }
                n = points.asInt();
            } else if (search.equals(GRID)) {
                throw error(file, where, "a range in a grid needs points: how many values to try");
            }
            boolean integer = current.isIntegralNumber() || (!current.isFloatingPointNumber()
                    && min.isIntegralNumber() && max.isIntegralNumber());
            return new Range(min.asDouble(), max.asDouble(), scale.equals("log"), integer, n);
        }
        throw error(file, where, "must be a list of values or a range {min, max}, got " + node);
    }

    /** The values checked one by one against the base: a range's ends and grid points, or every listed value. */
    private static List<JsonNode> checkValues(Dimension d) {
        if (d instanceof Range r) {
            List<JsonNode> out = new ArrayList<>(r.points() > 0 ? r.gridValues() : List.of());
            out.add(r.value(r.min()));
            out.add(r.value(r.max()));
            return out;
        }
        return d.gridValues();
    }

    private static RunConfig bind(Path file, String where, ObjectNode tree) {
        try {
            return ConfigLoader.fromTree(tree.deepCopy());
        } catch (UserException e) {
            throw new UserException(file + ": " + where + ": " + e.getMessage());
        }
    }

    private static String text(Path file, ObjectNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw error(file, key, "must be a string, got " + node);
        }
        return node.asText().strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static Pruning pruning(Path file, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw error(file, "prune", "must be a mapping {afterEpochs, minTrials}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("afterEpochs", "minTrials").contains(name)) {
                throw error(file, "prune." + name, "unknown key; prune keys are [afterEpochs, minTrials]");
            }
        }
        return new Pruning(positive(file, node, "afterEpochs", 1), positive(file, node, "minTrials", 5));
    }

    private static int positive(Path file, JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asInt() < 1) {
            throw error(file, "prune." + key, "must be an integer >= 1, got " + v);
        }
        return v.asInt();
    }

    private static UserException error(Path file, String key, String problem) {
        return new UserException(file + ": key '" + key + "': " + problem);
    }

    /** The keys swept, in file order. */
    public List<String> keys() {
        return List.copyOf(space.keySet());
    }

    /**
     * What decides the trials, as a tree: the resolved base, the search, space, trial count and seed. A sweep
     * directory keeps it, and a sweep run again into that directory must have the same one.
     */
    public ObjectNode identity() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("base", baseTree);
        out.put("search", search);
        // the order of the keys decides which trial gets which values, so it is part of the sweep
        keys().forEach(out.putArray("order")::add);
        ObjectNode s = out.putObject("space");
        space.forEach((key, d) -> {
            if (d instanceof Range r) {
                ObjectNode range = s.putObject(key);
                range.put("min", r.min());
                range.put("max", r.max());
                range.put("scale", r.log() ? "log" : "linear");
                range.put("integer", r.integer());
                range.put("points", r.points());
            } else {
                s.putArray(key).addAll(d.gridValues());
            }
        });
        out.put("trials", trials);
        out.put("seed", seed);
        return out;
    }

    /** The config of a trial: the base with {@code values} set. A bad combination is a {@link UserException}. */
    public RunConfig trialConfig(Map<String, JsonNode> values) {
        ObjectNode tree = baseTree.deepCopy();
        values.forEach((key, value) -> ConfigLoader.set(tree, key, value));
        return ConfigLoader.fromTree(tree);
    }
}
