package dev.seq4j.config;

import dev.seq4j.UserException;

/** A config value that is unknown, of the wrong type or out of range; the message names the full key. */
public class ConfigException extends UserException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("config key '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The same problem, reported under {@code prefix.key}: sections check their own keys without knowing where they sit. */
    ConfigException under(String prefix) {
        return new ConfigException(prefix + "." + key, getMessage().substring(getMessage().indexOf("': ") + 3));
    }

    /** The same problem, reported under another full key (a value read where it sits, e.g. {@code data.sourceTokens}). */
    ConfigException at(String fullKey) {
        return new ConfigException(fullKey, getMessage().substring(getMessage().indexOf("': ") + 3));
    }

    static void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
