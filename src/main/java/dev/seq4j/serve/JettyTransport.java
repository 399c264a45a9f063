package dev.seq4j.serve;

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
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

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
    /** Slowest body upload accepted: a client that sends less per second is cut off rather than waited for. */
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    /** Most bytes of a too-large body read (and dropped) so that its client receives the 413. */
    static final long MAX_DISCARD_BYTES = 64L << 20;
    /** Most open connections; more wait in the accept queue until one closes. */
    static final int MAX_CONNECTIONS = 2048;

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
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND); // a body sent slower than this is abandoned
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        // Jetty holds a slow client's connection, not a thread, and has no timeout on headers sent a byte at a time:
        // bound the connections so that such clients cannot take every file descriptor
        server.addBean(new org.eclipse.jetty.server.NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        GracefulHandler graceful = new GracefulHandler(); // stop() waits for the requests in flight
        graceful.setHandler(new Handler.Abstract(Invocable.InvocationType.NON_BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String method = request.getMethod();
                String path = request.getHttpURI().getDecodedPath();
                long length = request.getLength();
                // The body is read without holding a thread (a slow client costs a socket, not a worker), at most one
                // byte more than the limit kept (none when its length says it is over), then the service runs on a
                // worker, where it may block on the batcher; it answers 413 to a body over the limit.
                int cap = length > options.maxBodyBytes() ? 0
                        : (int) Math.min(options.maxBodyBytes() + 1, Integer.MAX_VALUE - 8);
                new BodyReader(request, cap, (bytes, failure) -> pool.execute(() -> answer(request, response, callback,
                        failure != null ? ModelService.error(new HttpError(400, "body",
                                "the body could not be read (" + failure.getClass().getSimpleName() + ")"))
                                : service.handle(new ModelService.Request(method, path,
                                new java.io.ByteArrayInputStream(bytes), cap == 0 ? length : bytes.length))))).run();
                return true;
            }
        });
        server.setHandler(graceful);
        // what Jetty answers itself (a header too large: 431; broken HTTP: 400) is JSON too, in the same shape
        server.setErrorHandler(new org.eclipse.jetty.server.handler.ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                                            Throwable cause, Callback callback) {
                answer(request, response, callback, ModelService.error(new HttpError(code, null,
                        message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code)
                                : ModelService.printable(message))));
            }
        });
        server.setStopTimeout(30_000);
        server.setStopAtShutdown(false); // serve stops it itself, answering what is in flight
        Listening.start(server, options.host(), options.port());
        return new JettyTransport(server, connector);
    }

    /**
     * Reads a request's body as it arrives, without holding a thread: its first {@code cap} bytes kept, the rest read
     * and dropped (up to {@link #MAX_DISCARD_BYTES}), then hands the kept bytes (or the read's failure) on. A server
     * that answers 413 and closes with the body unread makes the client's TCP stack reset the connection, and the
     * client never sees the 413. (Jetty's {@code Content.Source.from(source, 0, cap)} fails its source when it
     * reaches {@code cap}, which is that: FuzzTest's 40 chunked
     * uploads over the limit lost an answer in one run of five.)
     */
    private static final class BodyReader implements Runnable {
        private final Request request;
        private final int cap;
        private final java.util.function.BiConsumer<byte[], Throwable> done;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private long seen;

        BodyReader(Request request, int cap, java.util.function.BiConsumer<byte[], Throwable> done) {
            this.request = request;
            this.cap = cap;
            this.done = done;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    done.accept(null, chunk.getFailure());
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                int n = buffer.remaining();
                int keep = (int) Math.min(n, cap - (long) kept.size());
                if (keep > 0) {
                    byte[] part = new byte[keep];
                    buffer.get(part);
                    kept.write(part, 0, keep);
                }
                seen += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last || seen > MAX_DISCARD_BYTES) {
                    done.accept(kept.toByteArray(), null);
                    return;
                }
            }
        }
    }

    private static void answer(Request request, Response response, Callback callback, ModelService.Response answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        if (answer.status() == 413) {
            // the rest of the body may be dropped unread: the connection ends with this answer, and says so, so that a
            // client does not send its next request on it (the JDK's client did, and read nothing back)
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        boolean head = request.getMethod().equals("HEAD");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
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
