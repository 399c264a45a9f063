/**
 * Immutable run specifications (records) and their loading from YAML or JSON with {@code --set a.b=c}
 * overrides. Each spec owns its defaults and range checks; unknown keys and wrong types are errors that
 * name the key.
 */
package dev.seq4j.config;
