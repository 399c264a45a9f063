package dev.seq4j.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.seq4j.result.Evaluation;
import dev.seq4j.result.ObjectiveValue;
import dev.seq4j.result.Summary;

import java.util.List;
import java.util.Map;

/**
 * TRANSITIONAL (issue 24, typed results): a summary or evaluation still built as a map by a task that has no record
 * yet; written as the map is. Removed once every task has its records.
 */
final class Legacy {
    private Legacy() {
    }

    /** The summary's {@code model} section of a network without pooling (tagging, forecasting). */
    static Map<String, Object> model(dev.seq4j.config.RunConfig config,
                                     org.deeplearning4j.nn.graph.ComputationGraph net, boolean embedding) {
        Map<String, Object> model = new java.util.LinkedHashMap<>();
        model.put("cell", config.model().cell().id());
        model.put("layers", config.model().layers());
        if (embedding) {
            model.put("embedding", config.model().embedding());
        }
        model.put("bidirectional", config.model().bidirectional().id());
        model.put("parameters", net.numParams());
        return model;
    }

    /** A task whose summary is still a map: it formats its own headline from it. */
    interface Task {
        String headline(Map<String, Object> summary);
    }

    static final class LegacySummary implements Summary {
        private final Map<String, Object> map;

        @JsonCreator
        LegacySummary(Map<String, Object> map) {
            this.map = map;
        }

        @JsonValue
        Map<String, Object> map() {
            return map;
        }

        @Override
        public String task() {
            return (String) map.get("task");
        }

        @Override
        public String status() {
            return (String) map.get("status");
        }

        @Override
        public String stopReason() {
            return (String) map.get("stopReason");
        }

        @Override
        public int epochs() {
            return ((Number) map.get("epochs")).intValue();
        }

        @Override
        public int bestEpoch() {
            return ((Number) map.get("bestEpoch")).intValue();
        }

        @Override
        public ObjectiveValue objective() {
            Object o = map.get("objective");
            if (o instanceof ObjectiveValue v) {
                return v;
            }
            Map<?, ?> m = (Map<?, ?>) o;
            return new ObjectiveValue((String) m.get("metric"), (Boolean) m.get("minimize"),
                    ((Number) m.get("value")).doubleValue());
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> warnings() {
            return map.get("warnings") instanceof List<?> w ? (List<String>) w : List.of();
        }

        @Override
        public double trainSeconds() {
            return ((Number) map.get("trainSeconds")).doubleValue();
        }

        @Override
        public double runSeconds() {
            return ((Number) map.get("runSeconds")).doubleValue();
        }

        @Override
        public String headline() {
            return ((Task) Tasks.of(task())).headline(map);
        }
    }

    static final class LegacyEvaluation implements Evaluation {
        private final Map<String, Object> map;

        LegacyEvaluation(Map<String, Object> map) {
            this.map = map;
        }

        @JsonValue
        Map<String, Object> map() {
            return map;
        }

        @Override
        public String task() {
            return (String) map.get("task");
        }

        @Override
        public String data() {
            return String.valueOf(map.get("data"));
        }

        @Override
        public String headline() {
            return "";
        }
    }
}
