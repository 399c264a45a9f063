package dev.seq4j.cli;

import dev.seq4j.UserException;

/**
 * The parts of the spark build ({@code -Pcpu,spark}: {@code src/spark/java}) the commands start by name, so that the
 * default build compiles without Spark; where they are missing, {@code --spark} is a one-line error saying how to get
 * them.
 */
final class SparkBuild {
    private SparkBuild() {
    }

    /** {@code className.create(args)} of the spark build, as {@code type}. */
    static <T> T create(String className, Class<T> type, Class<?>[] parameters, Object... args) {
        Class<?> component;
        try {
            component = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UserException("--spark: this build has no Spark; build with ./mvnw -B -DskipTests "
                    + "-Pcpu,spark package (or run SEQ4J_PROFILE=cpu,spark ./seq4j ...)");
        }
        try {
            return type.cast(component.getMethod("create", parameters).invoke(null, args));
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
