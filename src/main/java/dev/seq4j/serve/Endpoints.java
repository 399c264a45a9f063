package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.api.Captioner;
import dev.seq4j.api.CharLanguageModel;
import dev.seq4j.api.ClassPrediction;
import dev.seq4j.api.Forecast;
import dev.seq4j.api.Forecaster;
import dev.seq4j.api.SeriesClassifier;
import dev.seq4j.api.Tagger;
import dev.seq4j.api.TextClassifier;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.api.Translator;
import dev.seq4j.data.forecast.TimeTable;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoint of each kind of model. The request bodies, by task ({@code input} for one, {@code inputs} for many):
 * <ul>
 * <li>text classifier: a text; out {@code {label, probabilities}};</li>
 * <li>series classifier: a series {@code [[step's features...], ...]} (or {@code [values...]} for one feature);
 * out as a text classifier's;</li>
 * <li>tagger: a list of tokens, or a sentence (tokenised as {@code seq4j tag} does); out {@code {tokens, tags}};</li>
 * <li>forecaster: {@code {times: [...], values: {column: [number or null, ...]}}} with every column the run reads,
 * and {@code horizon} (default: the run's); out {@code {times, values: {target: [...]}}};</li>
 * <li>translator: a source text, and {@code beam} (default: the run's); out the output text;</li>
 * <li>captioner: a base64 PNG, JPEG, GIF or BMP image, and {@code beam}; out the caption;</li>
 * <li>char language model: a prime text, and {@code length}, {@code temperature}, {@code topK}, {@code seed}
 * (defaults 200, 0.8, 0, the run's seed); out the generated text.</li>
 * </ul>
 */
final class Endpoints {
    /** Longest caption image side the server decodes: far above any captioner's input, far below a decompression bomb. */
    static final int MAX_IMAGE_SIDE = 4096;
    /** Most characters a char LM generates per request. */
    static final int MAX_GENERATE = 10_000;

    private Endpoints() {
    }

    /** The endpoint of {@code model}'s kind; a model of a kind the server does not know is refused at start. */
    static Endpoint<?, ?> of(TrainedModel model, ServeOptions options) {
        if (model instanceof TextClassifier m) {
            return new Text(m, options);
        } else if (model instanceof SeriesClassifier m) {
            return new Series(m, options);
        } else if (model instanceof Tagger m) {
            return new Tags(m, options);
        } else if (model instanceof Forecaster m) {
            return new Forecasts(m, options);
        } else if (model instanceof Translator m) {
            return new Translations(m, options);
        } else if (model instanceof Captioner m) {
            return new Captions(m, options);
        } else if (model instanceof CharLanguageModel m) {
            return new Generations(m, options);
        }
        throw new dev.seq4j.UserException(model.runDirectory() + ": a " + model.task() + " run; seq4j serve serves "
                + "textclass, seriesclass, tagging, forecast, seq2seq, caption and charlm runs");
    }

    /** A text input of at most 64 characters per token or step the server reads ({@code --max-length}). */
    static String text(JsonNode node, String field, ServeOptions options) {
        String text = Fields.text(node, field);
        if (text.length() > options.maxLength() * 64L) {
            throw HttpError.bad(field, text.length() + " characters, more than the " + options.maxLength() * 64L
                    + " this server reads");
        }
        return text;
    }

    static Map<String, Object> prediction(ClassPrediction p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", p.label());
        out.put("probabilities", p.probabilities());
        return out;
    }

    static final class Text extends Endpoint<String, ClassPrediction> {
        private final TextClassifier m;

        Text(TextClassifier m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        String input(JsonNode node, String field) {
            return text(node, field, options); // tokens are cut to the run's maxLength; bound the work
        }

        @Override
        List<ClassPrediction> run(Object key, List<String> inputs) {
            return m.classify(inputs);
        }

        @Override
        void warmUp() {
            m.classify(List.of("warming up", "a second, longer text to warm up the masks"));
        }

        @Override
        Object output(String text, ClassPrediction p) {
            return prediction(p);
        }
    }

    static final class Series extends Endpoint<double[][], ClassPrediction> {
        private final SeriesClassifier m;

        Series(SeriesClassifier m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        double[][] input(JsonNode node, String field) {
            JsonNode steps = Fields.array(node, field, options.maxLength());
            int width = m.features().size();
            double[][] series = new double[steps.size()][];
            for (int t = 0; t < steps.size(); t++) {
                JsonNode step = steps.get(t);
                String at = field + "[" + t + "]";
                if (step.isNumber() && width == 1) {
                    series[t] = new double[]{Fields.value(step, at, false)};
                    continue;
                }
                if (!step.isArray() || step.size() != width) {
                    throw HttpError.bad(at, "must be an array of " + width + " number" + (width == 1 ? "" : "s")
                            + " (the features " + m.features() + "), got " + Fields.kind(step)
                            + (step.isArray() ? " of " + step.size() : ""));
                }
                series[t] = new double[width];
                for (int f = 0; f < width; f++) {
                    series[t][f] = Fields.value(step.get(f), at + "[" + f + "]", false);
                }
            }
            return series;
        }

        @Override
        List<ClassPrediction> run(Object key, List<double[][]> inputs) {
            return m.classify(inputs);
        }

        @Override
        void warmUp() {
            m.classify(List.of(new double[8][m.features().size()], new double[12][m.features().size()]));
        }

        @Override
        Object output(double[][] series, ClassPrediction p) {
            return prediction(p);
        }
    }

    static final class Tags extends Endpoint<List<String>, List<String>> {
        private final Tagger m;

        Tags(Tagger m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        List<String> input(JsonNode node, String field) {
            List<String> tokens;
            if (node != null && node.isTextual()) {
                tokens = m.tokens(text(node, field, options));
                if (tokens.isEmpty()) {
                    throw HttpError.bad(field, "has no tokens");
                }
            } else if (node != null && node.isArray()) {
                tokens = Fields.strings(node, field, Integer.MAX_VALUE);
            } else {
                throw HttpError.bad(field, "must be a sentence (a string) or its tokens (an array of strings), got "
                        + Fields.kind(node));
            }
            if (tokens.size() > options.maxLength()) {
                throw HttpError.bad(field, tokens.size() + " tokens, more than the " + options.maxLength()
                        + " this server tags at once");
            }
            return tokens;
        }

        @Override
        List<List<String>> run(Object key, List<List<String>> inputs) {
            return m.tagAll(inputs);
        }

        @Override
        void warmUp() {
            m.tagAll(List.of(List.of("Warming", "up", "."), List.of("A", "second", "sentence", ".")));
        }

        /** The tokens go back beside their tags: a sentence's tokens are the server's, the client never saw them. */
        @Override
        Object output(List<String> tokens, List<String> tags) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tokens", tokens);
            out.put("tags", tags);
            return out;
        }
    }

    record Horizon(int steps) {
    }

    static final class Forecasts extends Endpoint<TimeTable, Forecast> {
        private final Forecaster m;

        Forecasts(Forecaster m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        Set<String> parameters() {
            return Set.of("horizon");
        }

        @Override
        Object key(JsonNode request) {
            return new Horizon(Fields.integer(request.get("horizon"), "horizon", 1, options.maxLength(), m.horizon()));
        }

        @Override
        TimeTable input(JsonNode node, String field) {
            if (node == null || !node.isObject()) {
                throw HttpError.bad(field, "must be an object {times: [...], values: {column: [...]}}, got "
                        + Fields.kind(node));
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("times") && !name.equals("values")) {
                    throw HttpError.bad(field + "." + name, "unknown key; an input has times and values");
                }
            }
            JsonNode timesNode = Fields.array(node.get("times"), field + ".times", options.maxLength());
            List<String> times = new ArrayList<>(timesNode.size());
            for (int i = 0; i < timesNode.size(); i++) {
                JsonNode t = timesNode.get(i);
                times.add(t.isNumber() ? t.asText() : Fields.text(t, field + ".times[" + i + "]"));
            }
            JsonNode valuesNode = node.get("values");
            if (valuesNode == null || !valuesNode.isObject()) {
                throw HttpError.bad(field + ".values", "must be an object of columns, got " + Fields.kind(valuesNode));
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = valuesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> column = it.next();
                String at = field + ".values." + column.getKey();
                JsonNode series = Fields.array(column.getValue(), at, options.maxLength());
                double[] v = new double[series.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Fields.value(series.get(i), at + "[" + i + "]", true);
                }
                values.put(column.getKey(), v);
            }
            try {
                return m.table(times, values);
            } catch (dev.seq4j.UserException e) {
                String message = e.getMessage();
                int colon = message.indexOf(':');
                throw new HttpError(400, field + "." + (colon > 0 ? message.substring(0, colon) : ""),
                        field + "." + message);
            }
        }

        @Override
        List<Forecast> run(Object key, List<TimeTable> inputs) {
            int horizon = ((Horizon) key).steps();
            List<Forecast> out = new ArrayList<>(inputs.size());
            for (TimeTable t : inputs) {
                out.add(m.forecast(t, horizon)); // no batch form: a forecast unrolls rounds per table
            }
            return out;
        }

        @Override
        void warmUp() {
            List<String> times = new ArrayList<>();
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int t = 0; t < m.inputLength(); t++) {
                times.add(Integer.toString(t));
            }
            List<String> columns = new ArrayList<>(m.targets());
            columns.addAll(m.summary().covariates());
            columns.forEach(c -> values.put(c, new double[m.inputLength()]));
            m.forecast(m.table(times, values), m.horizon());
        }

        @Override
        Object output(TimeTable table, Forecast f) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int c = 0; c < f.targets().size(); c++) {
                values.put(f.targets().get(c), f.values()[c]);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("times", f.times());
            out.put("values", values);
            if (f.hasIntervals()) { // the run's prediction intervals, at their level
                Map<String, Object> lower = new LinkedHashMap<>();
                Map<String, Object> upper = new LinkedHashMap<>();
                for (int c = 0; c < f.targets().size(); c++) {
                    lower.put(f.targets().get(c), f.lower()[c]);
                    upper.put(f.targets().get(c), f.upper()[c]);
                }
                out.put("level", f.level());
                out.put("lower", lower);
                out.put("upper", upper);
            }
            return out;
        }
    }

    record Beam(int width) {
    }

    static Beam beam(JsonNode request, int own) {
        int beam = Fields.integer(request.get("beam"), "beam", 0, 100, 0);
        return new Beam(beam == 0 ? own : beam);
    }

    static final class Translations extends Endpoint<String, String> {
        private final Translator m;

        Translations(Translator m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        Set<String> parameters() {
            return Set.of("beam");
        }

        @Override
        Object key(JsonNode request) {
            return beam(request, m.beam());
        }

        @Override
        String input(JsonNode node, String field) {
            return text(node, field, options); // the model refuses a source longer than it was trained on
        }

        @Override
        List<String> run(Object key, List<String> inputs) {
            return m.translate(inputs, ((Beam) key).width());
        }

        @Override
        void warmUp() {
            m.translate(List.of("a"), m.beam()); // may hold a symbol the run does not know: then refused, still warm
        }

        @Override
        Object output(String source, String text) {
            return text;
        }
    }

    static final class Captions extends Endpoint<BufferedImage, String> {
        private final Captioner m;

        Captions(Captioner m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        Set<String> parameters() {
            return Set.of("beam");
        }

        @Override
        Object key(JsonNode request) {
            return beam(request, m.beam());
        }

        @Override
        BufferedImage input(JsonNode node, String field) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(Fields.text(node, field));
            } catch (IllegalArgumentException e) {
                throw HttpError.bad(field, "is not base64 (" + e.getMessage() + ")");
            }
            return image(bytes, field);
        }

        /** Decodes an image after checking its size from its header, so a small file cannot ask for gigabytes. */
        static BufferedImage image(byte[] bytes, String field) {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                        : ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    throw HttpError.bad(field, "is not a PNG, JPEG, GIF or BMP image");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (w < 1 || h < 1 || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE) {
                        throw HttpError.bad(field, "a " + w + "x" + h + " image; this server reads images of at most "
                                + MAX_IMAGE_SIDE + "x" + MAX_IMAGE_SIDE);
                    }
                    return reader.read(0);
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof HttpError h) {
                    throw h;
                }
                throw HttpError.bad(field, "cannot be read as an image (" + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : ModelService.printable(e.getMessage())) + ")");
            }
        }

        @Override
        List<String> run(Object key, List<BufferedImage> inputs) {
            return m.caption(inputs, ((Beam) key).width());
        }

        @Override
        void warmUp() {
            m.caption(List.of(new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_INT_RGB)), m.beam());
        }

        @Override
        Object output(BufferedImage image, String caption) {
            return caption;
        }
    }

    record Sampling(int length, double temperature, int topK, long seed) {
    }

    static final class Generations extends Endpoint<String, String> {
        private final CharLanguageModel m;

        Generations(CharLanguageModel m, ServeOptions options) {
            super(m, options);
            this.m = m;
        }

        @Override
        Set<String> parameters() {
            return Set.of("length", "temperature", "topK", "seed");
        }

        @Override
        Object key(JsonNode request) {
            int length = Fields.integer(request.get("length"), "length", 0, MAX_GENERATE, 200);
            double temperature = Fields.number(request.get("temperature"), "temperature", 0.8);
            if (!(temperature > 0)) {
                throw HttpError.bad("temperature", "must be a positive number, got " + temperature);
            }
            int topK = Fields.integer(request.get("topK"), "topK", 0, Integer.MAX_VALUE, 0);
            long seed = Fields.longInteger(request.get("seed"), "seed", m.config().seed());
            return new Sampling(length, temperature, topK, seed);
        }

        @Override
        String input(JsonNode node, String field) {
            String prime = Fields.text(node, field);
            if (prime.length() > MAX_GENERATE) {
                throw HttpError.bad(field, prime.length() + " characters, more than the " + MAX_GENERATE
                        + " this server reads");
            }
            return prime;
        }

        @Override
        List<String> run(Object key, List<String> inputs) {
            Sampling s = (Sampling) key;
            List<String> out = new ArrayList<>(inputs.size());
            for (String prime : inputs) { // each prime samples on its own; one seed gives one text per prime
                out.add(m.generate(prime, s.length(), s.temperature(), s.topK(), s.seed()));
            }
            return out;
        }

        @Override
        void warmUp() {
            m.generate("", 20, 0.8, 0, 1);
        }

        @Override
        Object output(String source, String text) {
            return text;
        }
    }
}
