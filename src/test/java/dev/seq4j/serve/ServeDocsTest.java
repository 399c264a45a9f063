package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/serving.md stays true: the golden-run {@code seq4j serve --name NAME=src/test/resources/golden/...} command it
 * shows is started (as a {@link ModelServer}, on an ephemeral port), every {@code curl .../v1/models/NAME/predict -d
 * '...'} example's body is posted to it, and each answer must be 200 for the model named and hold every JSON key that
 * the output shown under the example holds (outputs may be shortened with "..."; values are not compared, keys are).
 */
class ServeDocsTest {
    static final Path PAGE = Path.of("docs/serving.md");
    /** {@code --name NAME=RUN_DIR} of a golden run, as the page starts its example server. */
    static final Pattern NAMED = Pattern.compile("--name ([A-Za-z0-9._-]+)=(src/test/resources/golden/\\S+)");
    /** A predict example: the model's name and the single-quoted body (which may span lines). */
    static final Pattern CURL = Pattern.compile("curl [^\\n']*?/v1/models/([A-Za-z0-9._-]+)/predict -d '([^']*)'");
    /** A JSON key in a shown output, which need not be valid JSON ("..." where shortened). */
    static final Pattern KEY = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One example: the model, the body sent, the output shown after it. */
    record Example(String model, String body, String shown) {
    }

    @Test
    void everyPredictExampleAnswersWithTheKeysItShows() throws Exception {
        String page = Files.readString(PAGE);
        Map<String, Path> runs = new LinkedHashMap<>();
        Matcher named = NAMED.matcher(page);
        while (named.find()) {
            runs.put(named.group(1), Path.of(named.group(2)));
        }
        List<Example> examples = examples(page);
        Set<String> used = new TreeSet<>();
        examples.forEach(e -> used.add(e.model()));
        assertEquals(7, runs.size(), "the page's golden serve command should name a run of every task: " + runs);
        assertEquals(new TreeSet<>(runs.keySet()), used, "a predict example for every model the page serves");
        assertTrue(examples.stream().anyMatch(e -> e.body().contains("\"inputs\"")), "a batch (inputs) example");

        HttpClient client = HttpClient.newHttpClient();
        try (ModelServer server = ModelServer.start(runs, ServeOptions.defaults().withPort(0))) {
            String base = "http://127.0.0.1:" + server.port();
            for (Example e : examples) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/"
                        + e.model() + "/predict")).POST(HttpRequest.BodyPublishers.ofString(e.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                String what = e.model() + " " + e.body();
                JsonNode answer = JSON.readTree(r.body());
                Set<String> shown = keys(e.shown());
                if (shown.contains("error")) { // an error example: its status is the one it shows
                    assertEquals(JSON.readTree(e.shown()).path("error").path("status").asInt(), r.statusCode(), what);
                } else {
                    assertEquals(200, r.statusCode(), what + " -> " + r.body());
                    assertEquals(e.model(), answer.path("model").asText(), what);
                }
                assertFalse(shown.isEmpty(), "no output shown after " + what);
                Set<String> missing = new TreeSet<>(shown);
                missing.removeAll(keys(answer));
                assertEquals(Set.of(), missing, "keys shown in docs/serving.md but not answered: " + what + " -> "
                        + r.body());
            }
        }
    }

    @Test
    void theExtractorReadsBodiesOverSeveralLinesAndShortenedOutputs() {
        String page = """
                ```bash
                curl -s 127.0.0.1:8080/v1/models/a/predict -d '{"input": {
                  "x": 1}}'
                ```
                ```json
                {"model":"a","output":{"label":"p", ...}}
                ```
                """;
        List<Example> examples = examples(page);
        assertEquals(1, examples.size());
        assertEquals("a", examples.get(0).model());
        assertEquals("{\"input\": {\n  \"x\": 1}}", examples.get(0).body());
        assertEquals(Set.of("model", "output", "label"), keys(examples.get(0).shown()));
    }

    /** Each curl predict example of the page's code blocks, with the next code block (or the rest of its own). */
    static List<Example> examples(String page) {
        List<String> blocks = new ArrayList<>();
        Parser.builder().build().parse(page).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                blocks.add(block.getLiteral());
            }
        });
        List<Example> out = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Matcher m = CURL.matcher(blocks.get(b));
            List<String[]> found = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                found.add(new String[]{m.group(1), m.group(2)});
                spans.add(new int[]{m.start(), m.end()});
            }
            for (int i = 0; i < found.size(); i++) {
                int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : blocks.get(b).length();
                String shown = blocks.get(b).substring(spans.get(i)[1], end).strip();
                if (shown.isEmpty() && i == found.size() - 1 && b + 1 < blocks.size()) {
                    shown = blocks.get(b + 1).strip();
                }
                out.add(new Example(found.get(i)[0], found.get(i)[1], shown));
            }
        }
        return out;
    }

    static Set<String> keys(String shown) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = KEY.matcher(shown);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                keys.add(f.getKey());
                keys.addAll(keys(f.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(n -> keys.addAll(keys(n)));
        }
        return keys;
    }
}
