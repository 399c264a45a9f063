package dev.seq4j.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import dev.seq4j.run.RunFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * {@code seq4j report}: the pages {@code seq4j ui} shows of one run or one sweep (with its trials), as one HTML file
 * that needs nothing else: the application, uPlot, the data (what the server's API would answer, embedded as
 * {@code window.SEQ4J_REPORT}) and the pictures (as data URLs). Its content security policy lets the page load
 * nothing from anywhere, so it opens the same offline, attached to a ticket or beside a paper.
 */
public final class Report {
    /** Nothing from the network: inline scripts, styles and data-URL pictures only. */
    static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src data:";

    private Report() {
    }

    /**
     * Writes the report of {@code dir} (a run or a sweep directory) to {@code out} (an {@code .html} file; an existing
     * one is replaced, atomically); returns what it holds, for the console.
     */
    public static String write(Path dir, Path out) {
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".html")) {
            throw new UserException("--out " + out + ": the report is an .html file; name it so");
        }
        if (Files.isDirectory(out)) {
            throw new UserException("--out " + out + ": is a directory; give a file name ending in .html");
        }
        if (!RunIndex.isRun(dir) && !RunIndex.isSweep(dir)) {
            throw new UserException(dir + ": not a run directory (no config.yaml) or a sweep directory (no sweep.yaml "
                    + "and trials/)");
        }
        RunIndex index = new RunIndex(List.of(dir));
        List<RunIndex.Entry> entries = index.scan();
        RunIndex.Entry top = entries.get(0);
        ObjectNode data = RunView.JSON.objectNode();
        data.set("/api/index", RunView.index(index));
        String start;
        int runs = 0;
        if (top.kind() == RunIndex.Kind.SWEEP) {
            ObjectNode sweep = RunView.sweep(top);
            data.set("/api/sweep?id=" + encode(top.id()), sweep);
            JsonNode results = sweep.get("results");
            int run = RunView.indexOf((ObjectNode) results, "run");
            for (JsonNode row : results.get("rows")) {
                if (run >= 0 && row.get(run).isTextual()) {
                    var trial = index.find(top.id() + "/" + row.get(run).asText());
                    if (trial.isPresent()) {
                        addRun(data, trial.get());
                        runs++;
                    }
                }
            }
            start = "#/sweep/" + encode(top.id());
        } else {
            addRun(data, top);
            runs = 1;
            start = "#/run/" + encode(top.id());
        }
        data.put("start", start);
        data.put("written", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC");
        String html = page(data);
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            throw new UserException("--out " + out + ": cannot write (" + e.getMessage() + ")");
        }
        return String.format(java.util.Locale.ROOT, "%s: %s %s, %d run%s, %,d bytes", out,
                top.kind() == RunIndex.Kind.SWEEP ? "sweep" : "run", top.id(), runs, runs == 1 ? "" : "s",
                html.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A run's page and its pictures, under the paths the application asks for. */
    private static void addRun(ObjectNode data, RunIndex.Entry run) {
        ObjectNode page = RunView.run(run, 0, 0);
        data.set("/api/run?id=" + encode(run.id()), page);
        for (JsonNode name : page.get("images")) {
            try {
                byte[] png = RunFiles.read(RunFiles.inside(run.dir(), run.dir().resolve(name.asText())), 64L << 20);
                data.put("/api/image?id=" + encode(run.id()) + "&name=" + encode(name.asText()),
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
            } catch (UserException e) {
                // a picture that cannot be read is left out; the page shows its name
            }
        }
    }

    /** As JavaScript's encodeURIComponent, which the application uses to build these paths. */
    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }

    /** index.html with its stylesheets, scripts and the data inlined. */
    static String page(ObjectNode data) {
        String html = text(UiServer.ASSETS + "index.html");
        String json;
        try {
            json = RunView.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        html = html.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
                + "content=\"" + POLICY + "\">");
        html = inline(html, "<link rel=\"stylesheet\" href=\"vendor/uPlot.min.css\">",
                "<style>\n" + text(UiServer.UPLOT + "uPlot.min.css") + "\n</style>");
        html = inline(html, "<link rel=\"stylesheet\" href=\"app.css\">", "<style>\n" + text(UiServer.ASSETS + "app.css")
                + "\n</style>");
        html = inline(html, "<script src=\"vendor/uPlot.iife.min.js\"></script>", "<script>\n"
                + script(text(UiServer.UPLOT + "uPlot.iife.min.js")) + "\n</script>");
        // in a script element "</" would end it: JSON allows "<\/" for "</"
        html = inline(html, "<script src=\"app.js\"></script>", "<script>\nwindow.SEQ4J_REPORT = "
                + json.replace("</", "<\\/") + ";\n</script>\n<script>\n" + script(text(UiServer.ASSETS + "app.js"))
                + "\n</script>");
        return html;
    }

    private static String script(String js) {
        if (js.contains("</script")) {
            throw new IllegalStateException("a script holds </script: cannot inline it");
        }
        return js;
    }

    private static String inline(String html, String tag, String replacement) {
        if (!html.contains(tag)) {
            throw new IllegalStateException("index.html has no " + tag);
        }
        return html.replace(tag, replacement);
    }

    private static String text(String resource) {
        byte[] bytes = UiServer.resource(resource);
        if (bytes == null) {
            throw new IllegalStateException("missing from the jar: " + resource);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
