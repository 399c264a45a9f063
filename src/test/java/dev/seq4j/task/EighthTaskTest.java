package dev.seq4j.task;

import dev.seq4j.result.Evaluation;
import dev.seq4j.result.ObjectiveValue;
import dev.seq4j.result.Summary;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.cli.Seq4j;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.DataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TaskOption;
import dev.seq4j.config.TaskTypes;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An eighth task, written here and registered at run time, goes through the same paths as the seven built-in ones:
 * the config loader binds its data section and checks its options, {@code seq4j train} runs it through the one
 * training skeleton (run directory, checkpoints, metrics, summary, headline), {@code seq4j eval} evaluates a finished
 * run, and a run directory loads back. The task: is a string of bits mostly ones?
 */
class EighthTaskTest {
    @TempDir
    static Path dir;

    /** The toy task's {@code data} section: files of {@code <bits> <label>} lines. */
    public record MajorityDataSpec(String train, String valid, String test, Integer maxFileMB) implements DataSpec {
        public MajorityDataSpec {
            if (train == null) {
                throw new ConfigException("train", "is required");
            }
            valid = valid == null ? "0.25" : valid;
            maxFileMB = DataSpec.maxFileMB(maxFileMB);
        }
    }

    /** Reads {@code 0110 1} lines: a bit string and whether it holds more ones than zeros. */
    record Examples(List<String> bits, int[] labels) {
        static Examples read(Path file) {
            List<String> bits = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            try {
                int n = 0;
                for (String line : Files.readAllLines(file)) {
                    n++;
                    String[] parts = line.strip().split(" ");
                    if (parts.length != 2 || !parts[0].matches("[01]+") || !parts[1].matches("[01]")) {
                        throw new UserException(file + ": line " + n + ": expected '<bits> <0|1>', got '" + line + "'");
                    }
                    bits.add(parts[0]);
                    labels.add(Integer.parseInt(parts[1]));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Examples(bits, labels.stream().mapToInt(Integer::intValue).toArray());
        }

        /** One minibatch of all examples: features [n, 1, T] (the bits), labels [n, 2] one-hot. */
        MultiDataSetIterator iterator() {
            int n = bits.size();
            int t = bits.get(0).length();
            INDArray x = Nd4j.zeros(n, 1, t);
            INDArray y = Nd4j.zeros(n, 2);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < t; j++) {
                    x.putScalar(i, 0, j, bits.get(i).charAt(j) - '0');
                }
                y.putScalar(i, labels[i], 1);
            }
            return new org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator(new MultiDataSet(x, y));
        }
    }

    /** The eighth task's typed model. */
    public interface MajorityModel extends TrainedModel {
        /** Whether {@code bits} holds more ones than zeros, by the model. */
        boolean mostlyOnes(String bits);
    }

    /** The eighth task: a one-layer LSTM reads the bits and says whether ones are the majority. */
    public static final class MajorityTask implements SequenceTask {
        static final Objective OBJECTIVE = new Objective("valid_accuracy", false);
        static final List<String> LABELS = List.of("zeros", "ones");

        @Override
        public String id() {
            return "majority";
        }

        @Override
        public Class<? extends DataSpec> dataSpec() {
            return MajorityDataSpec.class;
        }

        @Override
        public Set<TaskOption> options() {
            return Set.of();
        }

        @Override
        public Objective objective() {
            return OBJECTIVE;
        }

        @Override
        public void checkData(RunConfig config) {
            Examples.read(Path.of(config.data().train()));
        }

        @Override
        public Training prepare(RunConfig config, PrintWriter console) {
            Examples all = Examples.read(Path.of(config.data().train()));
            int cut = all.bits().size() * 3 / 4;
            Examples train = new Examples(all.bits().subList(0, cut), java.util.Arrays.copyOf(all.labels(), cut));
            Examples valid = new Examples(all.bits().subList(cut, all.bits().size()),
                    java.util.Arrays.copyOfRange(all.labels(), cut, all.labels().length));
            Nd4j.getRandom().setSeed(config.seed());
            ComputationGraph net = new ComputationGraph(MemoryBudget.checked(network(config), config,
                    all.bits().get(0).length(), console));
            net.init();
            return new Training() {
                @Override
                protected void writeFiles(RunDirectory run) {
                    run.writeJson("labels.json", LABELS);
                }

                @Override
                protected String describe() {
                    return String.format(Locale.ROOT, "majority: %d training and %d validation strings, %,d parameters",
                            train.bits().size(), valid.bits().size(), net.numParams());
                }

                @Override
                protected Trainer.Result fit(Fitting fitting) {
                    return fitting.trainer("nats").fit(net, train.iterator(), 1, 1.0,
                            n -> Map.of("valid_accuracy", accuracy(n, valid)), OBJECTIVE);
                }

                @Override
                protected MajoritySummary summarise(RunDirectory run, RunFacts facts) {
                    return new MajoritySummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                            facts.bestEpoch(), accuracy(run.model(), valid), facts.objective(OBJECTIVE), List.of(),
                            facts.trainSeconds(), facts.rate(), facts.runSeconds());
                }
            };
        }

        /** [mb, 1, T] -> LSTM [mb, H, T] -> last step [mb, H] -> softmax [mb, 2]. */
        static org.deeplearning4j.nn.conf.ComputationGraphConfiguration network(RunConfig config) {
            int h = config.model().layers().get(0);
            return new NeuralNetConfiguration.Builder().seed(config.seed()).updater(new Adam(config.train().learningRate()))
                    .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(1))
                    .addLayer("lstm", new LSTM.Builder().nOut(h).activation(Activation.TANH).build(), "in")
                    .addVertex("last", new LastTimeStepVertex("in"), "lstm")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                            .activation(Activation.SOFTMAX).build(), "last")
                    .setOutputs("out").build();
        }

        static double accuracy(ComputationGraph net, Examples examples) {
            return ClassifierMetrics.of(net, examples.iterator(), LABELS).accuracy();
        }

        @Override
        public Class<? extends TrainedModel> modelType() {
            return MajorityModel.class;
        }

        @Override
        public TrainedModel load(RunDirectory run) {
            ComputationGraph net = run.model(); // once
            RunConfig config = run.config();
            MajoritySummary summary = (MajoritySummary) Tasks.summary(run);
            return new MajorityModel() {
                @Override
                public boolean mostlyOnes(String bits) {
                    INDArray p = net.output(new Examples(List.of(bits), new int[1]).iterator().next().getFeatures(0))[0];
                    return p.getDouble(0, 1) > p.getDouble(0, 0);
                }

                @Override
                public String task() {
                    return id();
                }

                @Override
                public Path runDirectory() {
                    return run.root();
                }

                @Override
                public RunConfig config() {
                    return config;
                }

                @Override
                public MajoritySummary summary() {
                    return summary;
                }
            };
        }

        @Override
        public MajorityEvaluation evaluate(RunDirectory run, Path data) {
            return new MajorityEvaluation(id(), data.toString(), accuracy(run.model(), Examples.read(data)));
        }

        @Override
        public Class<MajoritySummary> summaryType() {
            return MajoritySummary.class;
        }
    }

    /** The eighth task's summary: its own record, written to summary.json and read back by {@code Seq4j.load}. */
    public record MajoritySummary(String task, String status, String stopReason, int epochs, int bestEpoch,
                                  double validAccuracy, ObjectiveValue objective,
                                  @com.fasterxml.jackson.annotation.JsonInclude(
                                          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                                  List<String> warnings, double trainSeconds, double examplesPerSecond,
                                  double runSeconds) implements Summary {
        @Override
        public String headline() {
            return String.format(Locale.ROOT, "valid: accuracy %.4f", validAccuracy);
        }
    }

    /** The eighth task's evaluation. */
    public record MajorityEvaluation(String task, String data, double accuracy) implements Evaluation {
        @Override
        public String headline() {
            return String.format(Locale.ROOT, "accuracy %.4f", accuracy);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static Path config;
    static Path data;

    @BeforeAll
    static void register() throws IOException {
        TaskTypes.register(new MajorityTask());
        Random random = new Random(7);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            StringBuilder bits = new StringBuilder();
            int ones = 0;
            for (int j = 0; j < 7; j++) {
                int b = random.nextInt(2);
                ones += b;
                bits.append(b);
            }
            lines.append(bits).append(' ').append(ones > 3 ? 1 : 0).append('\n');
        }
        data = Files.writeString(dir.resolve("bits.txt"), lines);
        config = Files.writeString(dir.resolve("majority.yaml"), """
                task: majority
                seed: 3
                data:
                  train: %s
                model:
                  layers: [12]
                train:
                  epochs: 30
                  learningRate: 0.05
                """.formatted(data));
    }

    @AfterAll
    static void unregister() {
        TaskTypes.unregister("majority");
    }

    static String[] run(int expectedCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(expectedCode, code, err.toString());
        return new String[]{out.toString(), err.toString()};
    }

    @Test
    void trainsEvaluatesAndLoadsThroughTheCommandsOfEveryTask() throws IOException {
        Path run = dir.resolve("run");
        String err = run(0, "train", config.toString(), "--out", run.toString())[1];
        assertTrue(err.contains("majority: 150 training and 50 validation strings"), err);

        Map<?, ?> summary = JSON.readValue(run.resolve(RunDirectory.SUMMARY).toFile(), Map.class);
        assertEquals("majority", summary.get("task"));
        assertEquals("complete", summary.get("status"));
        double accuracy = ((Number) summary.get("validAccuracy")).doubleValue();
        assertTrue(accuracy >= 0.9, "a 12-unit LSTM counts 7 bits: " + summary);
        assertTrue(err.contains(String.format(Locale.ROOT, "valid: accuracy %.4f", accuracy)), err); // its headline
        for (String file : List.of(RunDirectory.MODEL, RunDirectory.CONFIG, "labels.json", "metrics.csv")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }

        Map<?, ?> eval = JSON.readValue(run(0, "eval", run.toString(), "--data", data.toString())[0], Map.class);
        assertEquals("majority", eval.get("task"));
        assertTrue(((Number) eval.get("accuracy")).doubleValue() >= 0.9, eval.toString());

        // a finished run loads back as one of its task's runs: config, model, evaluation
        RunDirectory loaded = RunDirectory.open(run);
        assertEquals("majority", loaded.config().task());
        assertTrue(Tasks.of(loaded.config()) instanceof MajorityTask);
        assertEquals(((Number) eval.get("accuracy")).doubleValue(),
                ((MajorityEvaluation) Tasks.evaluate(loaded, data)).accuracy());
        MajoritySummary typed = (MajoritySummary) dev.seq4j.api.Seq4j.load(run, MajorityModel.class).summary();
        assertEquals(JSON.readTree(run.resolve("summary.json").toFile()), JSON.valueToTree(typed));

        // and as its typed model, through the public API; as another task's model it is refused
        MajorityModel model = dev.seq4j.api.Seq4j.load(run, MajorityModel.class);
        assertTrue(model.mostlyOnes("1110111"));
        assertFalse(model.mostlyOnes("0001000"));
        assertEquals("majority", dev.seq4j.api.Seq4j.load(run).task());
        assertEquals(run + ": a majority run, not a TextClassifier", assertThrows(UserException.class,
                () -> dev.seq4j.api.Seq4j.load(run, dev.seq4j.api.TextClassifier.class)).getMessage());

        // the commands of the other tasks refuse it by its model type, naming its task
        assertTrue(run(2, "tag", run.toString(), "--input", data.toString())[1]
                .contains("tag is for tagging runs; this is a majority run"));
        assertTrue(run(2, "translate", run.toString(), "--input", data.toString())[1]
                .contains("translate is for seq2seq runs; this is a majority run"));
        assertTrue(run(2, "forecast", run.toString(), "--data", data.toString(), "--horizon", "2")[1]
                .contains("forecast is for forecast runs; this is a majority run"));
        assertTrue(run(2, "caption", run.toString(), "--input", data.toString())[1]
                .contains("caption is for caption runs; this is a majority run"));

        // classifiers' own command refuses it as it refuses any non-classifier
        assertTrue(run(2, "predict", run.toString(), "--data", data.toString())[1].contains("predict is for"));
    }

    @Test
    void itsConfigIsCheckedLikeAnyOther() {
        assertTrue(run(2, "train", config.toString(), "--set", "model.attention=dot", "--out",
                dir.resolve("x").toString())[1].contains("'model.attention'"));
        assertTrue(run(2, "train", config.toString(), "--set", "data.colour=red", "--out",
                dir.resolve("x").toString())[1].contains("data.colour"));
        assertFalse(Files.exists(dir.resolve("x")));
        String unknown = assertThrowsConfig("task: nine\nseed: 1\n");
        assertTrue(unknown.contains("majority"), "the registered task is listed: " + unknown);
    }

    private static String assertThrowsConfig(String yaml) {
        try {
            dev.seq4j.config.ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode)
                    new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml));
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no error for " + yaml);
    }
}
