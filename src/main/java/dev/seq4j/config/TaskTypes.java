package dev.seq4j.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The tasks seq4j knows, by id: the built-in ones, found through {@link ServiceLoader} (listed in
 * {@code META-INF/services/dev.seq4j.config.TaskType}, so this layer names none of them), and any a program adds with
 * {@link #register}. Thread-safe.
 */
public final class TaskTypes {
    private static Map<String, TaskType> tasks;
    private static java.util.Set<String> builtIn;

    private TaskTypes() {
    }

    private static synchronized Map<String, TaskType> tasks() {
        if (tasks == null) {
            Map<String, TaskType> found = new LinkedHashMap<>();
            for (TaskType task : ServiceLoader.load(TaskType.class, TaskTypes.class.getClassLoader())) {
                found.putIfAbsent(task.id(), task);
            }
            tasks = found;
            builtIn = java.util.Set.copyOf(found.keySet());
        }
        return tasks;
    }

    /**
     * The task a config names; an unknown one is a {@link ConfigException} on {@code task} listing the known ones.
     *
     * @param id as written in the config: surrounding blanks and case are ignored
     */
    public static TaskType of(String id) {
        TaskType task = tasks().get(id.strip().toLowerCase(Locale.ROOT));
        if (task == null) {
            throw new ConfigException("task", "unknown task '" + id + "', expected one of " + ids());
        }
        return task;
    }

    /** Every known task, built-in ones first, in the order they were found or registered. */
    public static synchronized List<TaskType> all() {
        return List.copyOf(tasks().values());
    }

    /** The ids of {@link #all()}. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        all().forEach(t -> ids.add(t.id()));
        return ids;
    }

    /**
     * Adds a task that is not built in (a program's own; a test's), so that configs may name it. Its id must be lower
     * case and new.
     *
     * @throws IllegalArgumentException when the id is taken or not lower case
     */
    public static synchronized void register(TaskType task) {
        String id = task.id();
        if (!id.equals(id.strip().toLowerCase(Locale.ROOT)) || id.isEmpty()) {
            throw new IllegalArgumentException("a task id is lower case without blanks, got '" + id + "'");
        }
        if (tasks().putIfAbsent(id, task) != null) {
            throw new IllegalArgumentException("task '" + id + "' is already registered");
        }
    }

    /** Removes a task {@link #register} added (a test's, after the test). Built-in tasks stay. */
    public static synchronized void unregister(String id) {
        if (!tasks().isEmpty() && !builtIn.contains(id)) {
            tasks.remove(id);
        }
    }
}
