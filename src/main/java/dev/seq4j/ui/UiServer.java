package dev.seq4j.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.UserException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code seq4j ui}: a read-only web application over runs and sweeps. The page ({@code index.html}, {@code app.js},
 * {@code app.css} and uPlot, all from the jar) asks for JSON:
 * <pre>
 * GET /api/index                         every run and sweep found (RunView#index)
 * GET /api/run?id=ID[&amp;metrics=N&amp;steps=M]  a run's page; rows of metrics.csv / steps.csv from N / M on
 * GET /api/sweep?id=ID                   a sweep's page
 * GET /api/image?id=ID&amp;name=NAME.png     one of a run's pictures
 * </pre>
 * An unknown id is a 404 with a JSON body saying so; only GET and HEAD are answered. Runs are found by id only
 * ({@link RunIndex}): no request names a path. The server binds 127.0.0.1 unless told otherwise and sends a content
 * security policy that allows nothing from elsewhere (the page needs no network beyond this server).
 */
public final class UiServer implements AutoCloseable {
    static final String ASSETS = "/dev/seq4j/ui/";
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[]{ASSETS + "index.html", "text/html; charset=utf-8"},
            "/index.html", new String[]{ASSETS + "index.html", "text/html; charset=utf-8"},
            "/app.js", new String[]{ASSETS + "app.js", "text/javascript; charset=utf-8"},
            "/app.css", new String[]{ASSETS + "app.css", "text/css; charset=utf-8"},
            "/vendor/uPlot.iife.min.js", new String[]{UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/vendor/uPlot.min.css", new String[]{UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private final Server server;
    private final ServerConnector connector;

    private UiServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** One answer: status, type and body. */
    record Reply(int status, String type, byte[] body) {
        static Reply json(int status, JsonNode node) {
            try {
                return new Reply(status, "application/json", RunView.MAPPER.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply error(int status, String message) {
            return json(status, RunView.JSON.objectNode().put("error", message));
        }
    }

    /** Answers one GET of {@code path} with {@code query}: the whole application, without HTTP. */
    static Reply answer(RunIndex index, String path, Fields query) {
        String[] asset = STATIC.get(path);
        if (asset != null) {
            byte[] bytes = resource(asset[0]);
            return bytes == null ? Reply.error(500, "missing from the jar: " + asset[0])
                    : new Reply(200, asset[1], bytes);
        }
        switch (path) {
            case "/api/index":
                return Reply.json(200, RunView.index(index));
            case "/api/run": {
                Optional<RunIndex.Entry> run = find(index, query, RunIndex.Kind.RUN);
                return run.map(e -> Reply.json(200, RunView.run(e, count(query, "metrics"), count(query, "steps"))))
                        .orElseGet(() -> unknown("run", query));
            }
            case "/api/sweep": {
                Optional<RunIndex.Entry> sweep = find(index, query, RunIndex.Kind.SWEEP);
                return sweep.map(e -> Reply.json(200, RunView.sweep(e))).orElseGet(() -> unknown("sweep", query));
            }
            case "/api/image": {
                Optional<RunIndex.Entry> run = find(index, query, RunIndex.Kind.RUN);
                String name = query.getValue("name");
                if (run.isEmpty()) {
                    return unknown("run", query);
                }
                if (name == null || !RunView.IMAGE.matcher(name).matches()) {
                    return Reply.error(404, "no such picture: " + name);
                }
                try {
                    Path file = dev.seq4j.run.RunFiles.inside(run.get().dir(), run.get().dir().resolve(name));
                    return new Reply(200, "image/png", dev.seq4j.run.RunFiles.read(file, 64L << 20));
                } catch (UserException e) {
                    return Reply.error(404, "no such picture: " + name);
                }
            }
            default:
                return Reply.error(404, "not found: " + path);
        }
    }

    private static Optional<RunIndex.Entry> find(RunIndex index, Fields query, RunIndex.Kind kind) {
        return index.find(query.getValue("id")).filter(e -> e.kind() == kind);
    }

    private static Reply unknown(String what, Fields query) {
        String id = query.getValue("id");
        return Reply.error(id == null ? 400 : 404, id == null ? "missing id" : "no " + what + " '" + id + "' here");
    }

    private static int count(Fields query, String name) {
        try {
            return Math.max(0, Integer.parseInt(query.getValue(name)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A file of the application from the jar, or null. */
    static byte[] resource(String name) {
        try (InputStream in = UiServer.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Binds {@code host:port} (0: any free port) and serves {@code index}; a port in use is a one-line error. */
    public static UiServer start(RunIndex index, String host, int port) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("seq4j-ui");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String method = request.getMethod();
                Reply reply;
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    reply = Reply.error(405, "read-only: only GET");
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                } else {
                    try {
                        reply = answer(index, request.getHttpURI().getDecodedPath(),
                                Request.extractQueryParameters(request, StandardCharsets.UTF_8));
                    } catch (RuntimeException e) { // a bad query string, or a bug: a line, not a stack trace
                        reply = Reply.error(e instanceof IllegalArgumentException ? 400 : 500,
                                String.valueOf(e.getMessage()));
                    }
                }
                response.setStatus(reply.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.type());
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.getHeaders().put("Content-Security-Policy", POLICY);
                response.getHeaders().put("X-Content-Type-Options", "nosniff");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
                response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()),
                        callback);
                return true;
            }
        });
        server.setErrorHandler(new org.eclipse.jetty.server.handler.ErrorHandler() {
            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                                            Throwable cause, Callback callback) {
                Reply reply = Reply.error(code, message == null ? "error " + code : message);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.type());
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
            }
        });
        dev.seq4j.serve.Listening.start(server, host, port);
        return new UiServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(UiServer.class).warn("stopping the UI server: {}", e.toString());
        }
    }
}
