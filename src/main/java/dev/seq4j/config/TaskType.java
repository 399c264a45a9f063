package dev.seq4j.config;

import java.util.Set;

/**
 * What the config layer knows of a task: its name in {@code task:}, the record its {@code data} section binds to,
 * and which task-specific options it reads. The tasks themselves ({@code dev.seq4j.task.SequenceTask}) extend this;
 * {@link TaskTypes} finds them.
 */
public interface TaskType {
    /** The name a config gives in {@code task:}, lower case, e.g. {@code charlm}. */
    String id();

    /** The record the config's {@code data} section is bound to. */
    Class<? extends DataSpec> dataSpec();

    /** The task-specific {@code model}/{@code train} options this task reads; every other one must keep its default. */
    Set<TaskOption> options();

    /**
     * Refuses model or train settings that make no sense for this task, beyond {@link #options()}, with a
     * {@link ConfigException} naming the key. Called once when a config is loaded, before {@link #options()} is
     * checked.
     */
    default void checkConfig(RunConfig config) {
    }
}
