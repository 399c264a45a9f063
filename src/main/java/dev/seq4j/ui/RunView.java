package dev.seq4j.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.run.RunLock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code seq4j ui} and {@code report} show of a run or a sweep, as JSON, read from its files as they are now: a
 * run that is training has a {@code metrics.csv} and {@code steps.csv} that grow, and a run killed in the middle of a
 * write has a last line cut short, which is left out (the view says {@code cut}). Every file is read bounded and only
 * inside its directory ({@link RunFiles}); a damaged file is reported in the view, never thrown at the caller.
 */
final class RunView {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Largest CSV read: a row per minibatch of a long run is a few MB. */
    static final long MAX_CSV_BYTES = 64L << 20;
    /** Pictures a run page shows: the ones a run writes (learning curve, confusion matrix, forecast plots). */
    static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.png");
    static final int LOG_LINES = 60;
    static final String RESULTS = "results.csv";
    static final String SWEEP_SPEC = "sweep.yaml";

    private RunView() {
    }

    /** A CSV file's complete rows from {@code from} on: {@code {columns, rows, total, cut}}; numbers as numbers. */
    static ObjectNode csv(Path dir, String name, int from) {
        ObjectNode out = JSON.objectNode();
        ArrayNode columns = out.putArray("columns");
        ArrayNode rows = out.putArray("rows");
        out.put("total", 0);
        out.put("cut", false);
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        String text;
        try {
            text = new String(RunFiles.read(RunFiles.inside(dir, file), MAX_CSV_BYTES), StandardCharsets.UTF_8);
        } catch (UserException e) {
            out.put("error", e.getMessage());
            return out;
        }
        int end = text.lastIndexOf('\n');
        boolean cut = end < text.length() - 1; // a last line without its newline: cut by a kill
        text = end < 0 ? "" : text.substring(0, end + 1);
        int total = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.DEFAULT.builder()
                .setHeader().setSkipHeaderRecord(true).build())) {
            List<String> header = parser.getHeaderNames();
            header.forEach(columns::add);
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    cut = true;
                    continue;
                }
                if (total++ >= from) {
                    ArrayNode row = rows.addArray();
                    record.forEach(cell -> row.add(cell(cell)));
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            out.put("error", file + ": not a CSV file seq4j wrote (" + e.getMessage() + ")");
        }
        out.put("total", total);
        out.put("cut", cut);
        return out;
    }

    /** A cell as a number when it is one (NaN and infinities as null, which JSON has no other word for). */
    private static JsonNode cell(String text) {
        if (text.equals("true") || text.equals("false")) {
            return JSON.booleanNode(Boolean.parseBoolean(text));
        }
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || "-+.NI".indexOf(text.charAt(0)) >= 0)) {
            return JSON.textNode(text);
        }
        try {
            double x = Double.parseDouble(text);
            return Double.isFinite(x) ? JSON.numberNode(x) : JSON.nullNode();
        } catch (NumberFormatException e) {
            return JSON.textNode(text);
        }
    }

    /** A JSON file of the run, or null when absent; damaged: {@code {"error": ...}}. */
    static JsonNode json(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return RunFiles.json(RunFiles.inside(dir, file));
        } catch (UserException e) {
            return JSON.objectNode().put("error", e.getMessage());
        }
    }

    /** A text file of the run (at most 1 MB), or null. */
    static String text(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return new String(RunFiles.read(RunFiles.inside(dir, file), RunFiles.MAX_TEXT_BYTES), StandardCharsets.UTF_8);
        } catch (UserException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** The last lines of a growing text file (train.log), read from its end; null when absent. */
    static String tail(Path dir, String name, int lines) {
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(RunFiles.inside(dir, file))) {
            long size = channel.size();
            long from = Math.max(0, size - 64 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // read on
            }
            List<String> all = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (UserException | IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** The run's config as YAML, parsed (null when unreadable). */
    static JsonNode config(Path dir) {
        return parse(text(dir, RunDirectory.CONFIG));
    }

    private static JsonNode parse(String yaml) {
        if (yaml == null) {
            return null;
        }
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            return null;
        }
    }

    /** Dotted keys of a config tree with their values as text, for comparing runs. */
    static ObjectNode flat(JsonNode config) {
        ObjectNode out = JSON.objectNode();
        flatten(config, "", out);
        return out;
    }

    private static void flatten(JsonNode node, String prefix, ObjectNode out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else {
            out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    /**
     * A run's status: {@code complete} (or {@code pruned}) with a summary, {@code diverged} when it stopped for it,
     * {@code running} while a live process holds its lock, else
     * {@code interrupted}; {@code damaged} when its summary cannot be read.
     */
    static String status(Path dir, JsonNode summary) {
        if (summary != null && !summary.has("error")) {
            if (summary.path("stopReason").asText("").startsWith("diverged")) {
                return "diverged";
            }
            return summary.path("status").asText("complete");
        }
        if (summary != null) {
            return "damaged";
        }
        return active(dir) ? "running" : "interrupted";
    }

    /**
     * Whether a live process holds the directory's lock, found without touching it (probing it with a lock of our own
     * could make a training that starts at that moment fail to get it): on Linux the lock file's device and inode
     * among the kernel's held locks ({@code /proc/locks}), which also sees a training in a container; elsewhere the
     * PID the lock file holds, when that is a live Java process.
     */
    static boolean active(Path dir) {
        Path lock = dir.resolve(RunLock.FILE);
        if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path locks = Path.of("/proc/locks");
        if (Files.isReadable(locks)) {
            try {
                long inode = ((Number) Files.getAttribute(lock, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
                long dev = ((Number) Files.getAttribute(lock, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
                // st_dev as glibc splits it; /proc/locks prints MAJOR:MINOR:INODE, the first two in hex
                long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
                long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
                String id = String.format(java.util.Locale.ROOT, "%02x:%02x:%d", major, minor, inode);
                for (String line : Files.readAllLines(locks)) {
                    for (String field : line.split("\\s+")) {
                        if (field.equals(id)) {
                            return true;
                        }
                    }
                }
                return false;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
                // fall back on the PID
            }
        }
        try {
            String pid = new String(RunFiles.read(RunFiles.inside(dir, lock), 64), StandardCharsets.US_ASCII).strip();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().command()).map(c -> c.endsWith("java")).orElse(false);
        } catch (UserException | NumberFormatException e) {
            return false; // not a lock seq4j wrote
        }
    }

    /** The PNG pictures of a run, by name. */
    static ArrayNode images(Path dir) {
        ArrayNode out = JSON.arrayNode();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).filter(n -> IMAGE.matcher(n).matches()).sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            // none to show
        }
        return out;
    }

    /** The row of a run in the run list (see {@link #run} for the whole page). */
    static ObjectNode row(RunIndex.Entry entry) {
        Path dir = entry.dir();
        return row(entry, json(dir, RunDirectory.SUMMARY), config(dir), csv(dir, RunDirectory.METRICS, 0));
    }

    /** The row from the run's summary, parsed config and whole {@code metrics.csv}, read once by the caller. */
    private static ObjectNode row(RunIndex.Entry entry, JsonNode summary, JsonNode config, ObjectNode metrics) {
        Path dir = entry.dir();
        String task = config == null ? null : config.path("task").asText(null);
        ObjectNode row = JSON.objectNode();
        row.put("id", entry.id());
        row.put("name", dir.getFileName().toString());
        row.put("task", task);
        row.put("status", status(dir, summary));
        row.put("epochs", metrics.get("total").asInt());
        row.put("cut", metrics.get("cut").asBoolean());
        ObjectNode objective = objective(task, summary);
        row.set("objective", objective);
        double best = Double.NaN;
        int bestEpoch = 0;
        if (summary != null && summary.has("objective")) {
            best = summary.path("objective").path("value").asDouble(Double.NaN);
            bestEpoch = summary.path("bestEpoch").asInt(0);
        } else if (objective.has("metric")) { // still training or interrupted: the last epoch marked best
            int m = indexOf(metrics, objective.get("metric").asText());
            int b = indexOf(metrics, "best");
            int e = indexOf(metrics, "epoch");
            for (JsonNode r : metrics.get("rows")) {
                if (m >= 0 && b >= 0 && r.get(b).asBoolean(false) && r.get(m).isNumber()) {
                    best = r.get(m).asDouble();
                    bestEpoch = e >= 0 ? r.get(e).asInt() : 0;
                }
            }
        }
        if (Double.isFinite(best)) {
            row.put("best", best);
            row.put("bestEpoch", bestEpoch);
        }
        if (summary != null && summary.has("baseline")) {
            row.set("baseline", summary.get("baseline"));
        }
        if (summary != null && summary.has("trivial")) {
            row.set("trivial", summary.get("trivial"));
        }
        double seconds = 0;
        int s = indexOf(metrics, "seconds");
        for (JsonNode r : metrics.get("rows")) {
            seconds += s >= 0 && r.get(s).isNumber() ? r.get(s).asDouble() : 0;
        }
        row.put("seconds", summary != null && summary.has("runSeconds") ? summary.get("runSeconds").asDouble() : seconds);
        row.put("modified", modified(dir, RunDirectory.SUMMARY, RunDirectory.STEPS, RunDirectory.METRICS,
                RunDirectory.CONFIG));
        return row;
    }

    static int indexOf(ObjectNode csv, String column) {
        int i = 0;
        for (JsonNode c : csv.get("columns")) {
            if (c.asText().equals(column)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The objective's metric and direction: the summary's, else the task's. */
    private static ObjectNode objective(String task, JsonNode summary) {
        ObjectNode out = JSON.objectNode();
        if (summary != null && summary.has("objective")) {
            out.put("metric", summary.path("objective").path("metric").asText());
            out.put("minimize", summary.path("objective").path("minimize").asBoolean());
            return out;
        }
        try {
            if (task != null) {
                var o = dev.seq4j.task.Tasks.objective(task);
                out.put("metric", o.metric());
                out.put("minimize", o.minimize());
            }
        } catch (RuntimeException e) {
            // an unknown task: no objective to show
        }
        return out;
    }

    /** When the newest of {@code names} was last written (milliseconds since the epoch; 0 when none exists). */
    static long modified(Path dir, String... names) {
        long last = 0;
        for (String name : names) {
            try {
                last = Math.max(last, Files.getLastModifiedTime(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)
                        .toMillis());
            } catch (IOException e) {
                // absent
            }
        }
        return last;
    }

    /**
     * A run's page: its row, config (text and flattened), versions, summary, {@code metrics.csv} and
     * {@code steps.csv} rows from the given offsets (a page polling a running run asks only for new rows), the end of
     * its {@code train.log} and its pictures.
     */
    static ObjectNode run(RunIndex.Entry entry, int metricsFrom, int stepsFrom) {
        Path dir = entry.dir();
        String configText = text(dir, RunDirectory.CONFIG);
        JsonNode config = parse(configText);
        JsonNode summary = json(dir, RunDirectory.SUMMARY);
        ObjectNode metrics = csv(dir, RunDirectory.METRICS, 0);
        ObjectNode page = JSON.objectNode();
        page.set("info", row(entry, summary, config, metrics));
        page.put("configText", configText);
        page.set("config", flat(config));
        page.set("versions", json(dir, RunDirectory.VERSIONS));
        page.set("summary", summary);
        page.set("samples", json(dir, RunDirectory.SAMPLES));
        // of metrics.csv, read whole for the row, the rows the page does not have yet
        ObjectNode recent = metrics.deepCopy();
        ArrayNode rows = recent.putArray("rows");
        for (int i = metricsFrom; i < metrics.get("rows").size(); i++) {
            rows.add(metrics.get("rows").get(i));
        }
        page.set("metrics", recent);
        page.set("members", members(dir));
        page.set("steps", csv(dir, RunDirectory.STEPS, stepsFrom));
        page.put("log", tail(dir, RunDirectory.TRAIN_LOG, LOG_LINES));
        page.set("images", images(dir));
        return page;
    }

    /** The most ensemble members a run page shows ({@code model.ensemble} is at most 16). */
    static final int MAX_MEMBERS = 16;

    /**
     * An ensemble's further members ({@code members/2} .. {@code members/N}, {@code model.ensemble}): each one's
     * number and whole {@code metrics.csv}, in order, so the page can draw every member's curves beside the run's
     * own (member 1); empty for a run of one model. A member directory that leads outside the run is shown with its
     * error, as any record.
     */
    static ArrayNode members(Path dir) {
        ArrayNode out = JSON.arrayNode();
        for (int m = 2; m <= MAX_MEMBERS; m++) {
            String metrics = RunDirectory.memberPath(m) + "/" + RunDirectory.METRICS;
            if (!Files.exists(dir.resolve(metrics), LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            ObjectNode member = out.addObject();
            member.put("member", m);
            member.set("metrics", csv(dir, metrics, 0));
        }
        return out;
    }

    /** A sweep's row in the list: trials finished, the best trial and its value. */
    static ObjectNode sweepRow(RunIndex.Entry entry) {
        Path dir = entry.dir();
        ObjectNode row = JSON.objectNode();
        row.put("id", entry.id());
        row.put("name", dir.getFileName().toString());
        row.put("trials", csv(dir, RESULTS, 0).get("total").asInt());
        JsonNode best = json(dir, RunDirectory.POINTER);
        if (best != null && best.has(RunDirectory.POINTER_RUN)) {
            row.put("bestRun", entry.id() + "/" + best.get(RunDirectory.POINTER_RUN).asText());
            row.set("bestTrial", best.get("trial"));
            row.set("metric", best.get("metric"));
            row.set("minimize", best.get("minimize"));
            row.set("best", best.get("value"));
        }
        row.put("status", active(dir) ? "running" : "finished");
        row.put("modified", modified(dir, RESULTS, SWEEP_SPEC));
        return row;
    }

    /** A sweep's page: its row, spec and results.csv. */
    static ObjectNode sweep(RunIndex.Entry entry) {
        Path dir = entry.dir();
        ObjectNode page = JSON.objectNode();
        page.set("info", sweepRow(entry));
        page.put("spec", text(dir, SWEEP_SPEC));
        page.set("results", csv(dir, RESULTS, 0));
        return page;
    }

    /** The list page: every run and sweep found. */
    static ObjectNode index(RunIndex index) {
        ObjectNode page = JSON.objectNode();
        ArrayNode runs = page.putArray("runs");
        ArrayNode sweeps = page.putArray("sweeps");
        for (RunIndex.Entry e : index.scan()) {
            if (e.kind() == RunIndex.Kind.RUN) {
                runs.add(row(e));
            } else {
                sweeps.add(sweepRow(e));
            }
        }
        return page;
    }
}
