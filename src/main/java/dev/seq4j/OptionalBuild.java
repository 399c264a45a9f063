package dev.seq4j;

/**
 * The parts of seq4j that only some builds have (the Spark build's {@code src/spark/java}, the dl4j-ui build's
 * {@code src/dl4j-ui/java}), reached by class name so that the default build compiles without their libraries.
 */
public final class OptionalBuild {
    private OptionalBuild() {
    }

    /** Whether this build has the class. */
    public static boolean has(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code className.method(args)}, a static method; the method's own runtime exceptions pass through as they are.
     *
     * @param missing the one line a user reads when this build lacks the class (how to get a build that has it)
     * @throws UserException with {@code missing} when the class is not in this build
     */
    public static Object call(String className, String missing, String method, Class<?>[] parameters, Object... args) {
        Class<?> component;
        try {
            component = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UserException(missing);
        }
        try {
            return component.getMethod(method, parameters).invoke(null, args);
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
