package dev.seq4j.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket client (no
 * Selenium, no Node): navigate, evaluate JavaScript in the page, wait for a condition, take a screenshot. Tests that
 * need it are skipped where Chromium is not installed, unless {@code SEQ4J_REQUIRE_CHROMIUM=1} (CI sets it and
 * installs Chromium), where its absence fails them.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies;

    private Chromium(Process process, WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> replies) {
        this.process = process;
        this.socket = socket;
        this.replies = replies;
    }

    /** The Chromium on the PATH; skips the calling test when there is none (fails it when CI requires one). */
    static String binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        if ("1".equals(System.getenv("SEQ4J_REQUIRE_CHROMIUM"))) {
            fail("SEQ4J_REQUIRE_CHROMIUM=1 but no chromium on the PATH (apt-get install chromium)");
        }
        assumeTrue(false, "no chromium on the PATH (apt-get install chromium); browser tests skipped");
        return null;
    }

    /**
     * Starts a headless Chromium with a fresh profile in {@code profile}; {@code offline}: every network request goes
     * to a proxy that is not there (loopback included), so only file: and data: URLs load.
     */
    static Chromium start(Path profile, boolean offline) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1300,1000"));
        if (offline) {
            command.add("--proxy-server=127.0.0.1:9");
            command.add("--proxy-bypass-list=<-loopback>");
        }
        command.add("about:blank");
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String page = null;
        while (page == null) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    page = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (page == null) {
                if (System.nanoTime() > deadline) {
                    fail("chromium has no page: " + targets);
                }
                Thread.sleep(50);
            }
        }
        Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(text.toString());
                        if (message.has("id")) {
                            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                            if (f != null) {
                                f.complete(message);
                            }
                        }
                    } catch (IOException e) {
                        // not a message for us
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        Chromium chromium = new Chromium(process, socket, pending);
        chromium.send("Page.enable", JSON.createObjectNode());
        chromium.send("Runtime.enable", JSON.createObjectNode());
        return chromium;
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode answer = reply.get(60, TimeUnit.SECONDS);
        if (answer.has("error")) {
            fail(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Loads {@code url} and waits until the document is complete. */
    void navigate(String url) throws Exception {
        // by way of a blank page: a URL that differs from the current one only in its #fragment would not load the
        // page again, and what a test then waits for could be found on the page before
        send("Page.navigate", JSON.createObjectNode().put("url", "about:blank"));
        waitFor("location.href === 'about:blank' && document.readyState === 'complete'", Duration.ofSeconds(30));
        send("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page (promises awaited); an exception fails the test. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            fail(expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code expression} is truthy; fails with what the page shows when it does not get there. */
    void waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode v = eval("!!(" + expression + ")");
            if (v.asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("not after " + timeout.toSeconds() + " s: " + expression + "; the page: "
                        + eval("document.body ? document.body.innerText.slice(0, 600) : ''").asText());
            }
            Thread.sleep(200);
        }
    }

    /** A PNG of the page (the whole page, not only the window). */
    void screenshot(Path file) throws Exception {
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
