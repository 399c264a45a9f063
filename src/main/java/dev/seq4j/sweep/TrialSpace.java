package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.config.ConfigLoader;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's space as an Arbiter {@link ParameterSpace}: a candidate is a map from config key to the value's
 * JSON text (plain strings, so Arbiter can serialise candidates). Listed values become Arbiter
 * {@link DiscreteParameterSpace}s; ranges become {@link ContinuousParameterSpace}s (log-uniform for
 * {@code scale: log}) in random search and discrete points in a grid. A key with a single value is fixed and is
 * not an Arbiter leaf: Arbiter's grid generator leaves single-valued leaves out of its value vector but not out
 * of its leaf numbering, so such a leaf before a swept one would shift every later index.
 * <p>
 * Leaves are handed to Arbiter last key first: its grid varies the first leaf fastest, so this way the first
 * key in the sweep file varies slowest, like nested loops in file order.
 */
final class TrialSpace implements ParameterSpace<Map<String, String>> {
    private final Map<String, String> fixed = new LinkedHashMap<>();
    private final Map<String, ParameterSpace<?>> swept = new LinkedHashMap<>();
    private final Map<String, SweepSpec.Range> ranges = new LinkedHashMap<>();
    private final List<String> order;

    TrialSpace(SweepSpec spec) {
        this.order = spec.keys();
        boolean grid = spec.search().equals(SweepSpec.GRID);
        spec.space().forEach((key, d) -> {
            if (d instanceof SweepSpec.Range r && !grid) {
                // integers: every value owns a unit interval, so that rounding does not halve the two ends' odds
                double lo = r.integer() ? r.min() - 0.5 : r.min();
                double hi = r.integer() ? r.max() + 0.5 : r.max();
                swept.put(key, r.log() ? new ContinuousParameterSpace(new LogUniformDistribution(lo, hi))
                        : new ContinuousParameterSpace(lo, hi));
                ranges.put(key, r);
                return;
            }
            List<String> values = d.gridValues().stream().map(TrialSpace::json).toList();
            if (values.size() == 1) {
                fixed.put(key, values.get(0));
            } else {
                swept.put(key, new DiscreteParameterSpace<>(values));
            }
        });
    }

    /** Parses a candidate's value back into JSON. */
    static JsonNode parse(String json) {
        try {
            return ConfigLoader.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(JsonNode value) {
        return value.toString();
    }

    @Override
    public Map<String, String> getValue(double[] parameterValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : order) {
            if (fixed.containsKey(key)) {
                out.put(key, fixed.get(key));
            } else if (ranges.containsKey(key)) {
                double x = (Double) swept.get(key).getValue(parameterValues);
                out.put(key, json(ranges.get(key).value(x)));
            } else {
                out.put(key, (String) swept.get(key).getValue(parameterValues));
            }
        }
        return out;
    }

    @Override
    public int numParameters() {
        return swept.size();
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>(swept.values());
        java.util.Collections.reverse(leaves);
        return leaves;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(swept);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("TrialSpace is not a leaf; Arbiter numbers its leaves");
    }
}
