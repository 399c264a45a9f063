package dev.seq4j.serve;

import dev.seq4j.UserException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.InputStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Jetty 12's core server (no servlets) as the transport: its NIO connector reads requests without holding a thread
 * per connection, so slow or idle clients cost a socket, not a worker; a bounded thread pool runs
 * {@link ModelService#handle}, which may block while the model's batcher answers. Chosen by measurement against the
 * JDK's HttpServer, Undertow and Javalin (docs/serving.md).
 */
final class JettyTransport implements Transport {
    /** A connection with nothing sent or received for this long is closed (slow or abandoned clients). */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** Largest request line and headers; a request of this server needs a few hundred bytes. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;

    private JettyTransport(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static JettyTransport start(ModelService service, ServeOptions options) {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(options.threads() + 4, 8), Math.min(8,
                options.threads() + 4));
        pool.setName("seq4j-http");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler(); // stop() waits for the requests in flight
        graceful.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ModelService.Response answer;
                try (InputStream body = Content.Source.asInputStream(request)) {
                    answer = service.handle(new ModelService.Request(request.getMethod(),
                            request.getHttpURI().getDecodedPath(), body, request.getLength()));
                } catch (java.io.IOException | RuntimeException e) {
                    answer = ModelService.error(new HttpError(400, "body", "the request could not be read ("
                            + e.getClass().getSimpleName() + ")"));
                }
                response.setStatus(answer.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
                for (Map.Entry<String, String> h : answer.headers().entrySet()) {
                    response.getHeaders().put(h.getKey(), h.getValue());
                }
                boolean head = request.getMethod().equals("HEAD");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
                response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
                return true;
            }
        });
        server.setHandler(graceful);
        server.setStopTimeout(30_000);
        server.setStopAtShutdown(false); // serve stops it itself, answering what is in flight
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing was served
            }
            Throwable cause = e instanceof java.io.IOException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BindException || e instanceof BindException) {
                throw new UserException("--port " + options.port() + ": cannot listen on " + options.host() + ":"
                        + options.port() + " (" + cause.getMessage() + "); is another server using it?");
            }
            throw new UserException("--host " + options.host() + ": cannot listen on " + options.host() + ":"
                    + options.port() + " (" + cause + ")");
        }
        return new JettyTransport(server, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop(long graceMillis) {
        server.setStopTimeout(graceMillis);
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(JettyTransport.class).warn("stopping the HTTP server: {}", e.toString());
        }
    }
}
