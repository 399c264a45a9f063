package dev.seq4j.dl4jui;

import dev.seq4j.UserException;
import dev.seq4j.train.Dl4jStats;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code dl4j-ui} build's side of {@link Dl4jStats}: DL4J's {@code StatsListener} writing a
 * {@code FileStatsStorage}, and DL4J's Vert.x UI server reading one. Started by name from the default build's code.
 */
public final class Dl4jUi {
    private Dl4jUi() {
    }

    /** A {@code StatsListener} into {@code file}, reporting every {@code every} minibatches; closing it closes the file. */
    public static TrainingListener recorder(Path file, int every) {
        return new Recorder(new FileStatsStorage(file.toFile()), every);
    }

    /**
     * DL4J's UI server on {@code port} (0: a free one) with {@code file} attached. The file is read through a copy:
     * DL4J's storage locks the file it opens, and a training that records into it holds that lock.
     */
    public static Dl4jStats.Server serve(Path file, int port) {
        Path copy;
        FileStatsStorage storage;
        try {
            copy = Files.createTempFile("seq4j-dl4j-stats", ".bin");
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            storage = new FileStatsStorage(copy.toFile());
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserException("--dl4j: " + file + " cannot be read as DL4J stats: " + UserException.firstLine(e));
        }
        VertxUIServer server;
        try {
            server = VertxUIServer.getInstance(port, false, null);
        } catch (RuntimeException e) {
            storage.close();
            throw new UserException("--port " + port + ": DL4J's UI server did not start: " + UserException.firstLine(e));
        }
        server.attach(storage);
        return new Dl4jStats.Server() {
            @Override
            public int port() {
                return server.getPort();
            }

            @Override
            public void close() {
                try {
                    VertxUIServer.stopInstance();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    storage.close();
                    try {
                        Files.deleteIfExists(copy);
                    } catch (java.io.IOException ignored) {
                        // a temporary file, deleted on exit too
                    }
                }
            }
        };
    }

    /** DL4J's {@code StatsListener} that closes its storage (committing MapDB's log) when training ends. */
    static final class Recorder extends StatsListener implements AutoCloseable {
        private final FileStatsStorage storage;

        Recorder(FileStatsStorage storage, int every) {
            super(storage, every);
            this.storage = storage;
        }

        @Override
        public void close() {
            storage.close();
        }
    }
}
