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

    /** For {@code seq4j info}: the Spark and dl4j-spark versions of this build, or how to get a build with them. */
    static String describe() {
        try {
            Class<?> pkg = Class.forName("org.apache.spark.package$");
            Object spark = pkg.getMethod("SPARK_VERSION").invoke(pkg.getField("MODULE$").get(null));
            java.util.Properties dl4jSpark = new java.util.Properties();
            try (java.io.InputStream in = SparkBuild.class.getResourceAsStream(
                    "/META-INF/maven/org.deeplearning4j/dl4j-spark_2.12/pom.properties")) {
                if (in != null) {
                    dl4jSpark.load(in);
                }
            }
            return "Spark " + spark + ", dl4j-spark " + dl4jSpark.getProperty("version", "unknown")
                    + " (train and sweep --spark MASTER)";
        } catch (ClassNotFoundException e) {
            return "not in this build (./mvnw -B -DskipTests -Pcpu,spark package adds it)";
        } catch (ReflectiveOperationException | java.io.IOException | LinkageError e) {
            return "present but unreadable (" + UserException.firstLine(e) + ")";
        }
    }

    /** {@code className.create(args)} of the spark build, as {@code type}. */
    static <T> T create(String className, Class<T> type, Class<?>[] parameters, Object... args) {
        return type.cast(dev.seq4j.OptionalBuild.call(className, "--spark: this build has no Spark; build with ./mvnw "
                + "-B -DskipTests -Pcpu,spark package (or run SEQ4J_PROFILE=cpu,spark ./seq4j ...)", "create",
                parameters, args));
    }
}
