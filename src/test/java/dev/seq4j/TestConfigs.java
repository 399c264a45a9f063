package dev.seq4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;

import java.util.Map;

/** Char LM configs for tests: a data section and {@code key=value} overrides, resolved as the CLI would. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static RunConfig charlm(long seed, Map<String, Object> data, String... overrides) {
        ObjectNode root = (ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "charlm", "seed", seed,
                "data", data));
        for (String override : overrides) {
            ConfigLoader.applyOverride(root, override);
        }
        return ConfigLoader.fromTree(root);
    }
}
