package dev.seq4j.serve;

import dev.seq4j.UserException;
import org.eclipse.jetty.server.Server;

import java.io.IOException;
import java.net.BindException;

/** Starting a Jetty server on {@code --host}/{@code --port}: a port in use or a bad address is one line, not a trace. */
public final class Listening {
    private Listening() {
    }

    /** Starts {@code server}; when it cannot listen, stops it again and says why in a {@link UserException}. */
    public static void start(Server server, String host, int port) {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing was served
            }
            Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BindException || e instanceof BindException) {
                throw new UserException("--port " + port + ": cannot listen on " + host + ":" + port + " ("
                        + cause.getMessage() + "); is another server using it?");
            }
            throw new UserException("--host " + host + ": cannot listen on " + host + ":" + port + " (" + cause + ")");
        }
    }
}
