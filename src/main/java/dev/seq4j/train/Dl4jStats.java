package dev.seq4j.train;

import dev.seq4j.UserException;
import org.deeplearning4j.optimize.api.TrainingListener;

import java.nio.file.Path;

/**
 * DL4J's own training UI, from the {@code dl4j-ui} build ({@code -Pcpu,dl4j-ui}: {@code src/dl4j-ui/java}), started
 * by name so that the default build compiles without its 99 jars: {@code train.dl4jStats} records a run's stats with
 * DL4J's {@code StatsListener} into the run's {@value #FILE}, and {@code seq4j ui --dl4j RUN} opens them in DL4J's UI
 * server. Where the build lacks it, either is a one-line error saying how to get it.
 */
public final class Dl4jStats {
    /** The run's stats file, DL4J's {@code FileStatsStorage} (a MapDB database). */
    public static final String FILE = "dl4j-stats.bin";
    static final String COMPONENT = "dev.seq4j.dl4jui.Dl4jUi";

    private Dl4jStats() {
    }

    /** DL4J's UI serving a stats file; closing it stops the server. */
    public interface Server extends AutoCloseable {
        /** The port it listens on (every interface: DL4J's server cannot be bound to one address). */
        int port();

        @Override
        void close();
    }

    /** Whether this build has DL4J's UI. */
    public static boolean available() {
        return dev.seq4j.OptionalBuild.has(COMPONENT);
    }

    /**
     * Fails, with the key and how to get a build that has it, unless this build has DL4J's UI.
     *
     * @param key the option that asks for it ({@code train.dl4jStats}, {@code --dl4j})
     */
    public static void require(String key) {
        if (!available()) {
            throw new UserException(missing(key));
        }
    }

    private static String missing(String key) {
        return key + ": this build has no DL4J UI; build with ./mvnw -B -DskipTests -Pcpu,dl4j-ui package (or run "
                + "SEQ4J_PROFILE=cpu,dl4j-ui ./seq4j ...)";
    }

    /**
     * DL4J's {@code StatsListener} writing into {@code file} every {@code every} minibatches; also an
     * {@link AutoCloseable} that commits and closes the file.
     */
    static TrainingListener recorder(Path file, int every) {
        return (TrainingListener) call("recorder", new Class<?>[] {Path.class, int.class}, file, every);
    }

    /**
     * DL4J's UI server on {@code port} (0: any free one) with {@code file} attached.
     *
     * @throws UserException when the file cannot be opened (one line)
     */
    public static Server serve(Path file, int port) {
        return (Server) call("serve", new Class<?>[] {Path.class, int.class}, file, port);
    }

    private static Object call(String method, Class<?>[] parameters, Object... args) {
        return dev.seq4j.OptionalBuild.call(COMPONENT, missing(method.equals("serve") ? "--dl4j" : "train.dl4jStats"),
                method, parameters, args);
    }
}
