package dev.seq4j.run;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.CharLmModel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.type.TypeFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Type ids in DL4J's JSON: what DL4J's own reader does with a class it is given (initialises it, then refuses it),
 * and that neither our check nor DL4J's hardened reader lets any form of a foreign name through.
 */
class Dl4jJsonTest {
    static final String SOFTMAX = "\"@class\" : \"org.nd4j.linalg.activations.impl.ActivationSoftmax\"";
    @TempDir
    Path marks;
    String json;

    @BeforeEach
    void configuration() {
        System.setProperty("seq4j.gadget.dir", marks.toString());
        RunConfig config = dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), "model.layers=[4]");
        json = CharLmModel.configuration(config, 5).toJson();
        assertTrue(json.contains(SOFTMAX), "DL4J writes '\"@class\" : \"...\"'");
    }

    @AfterEach
    void clear() {
        System.clearProperty("seq4j.gadget.dir");
    }

    private List<String> marks() throws IOException {
        try (Stream<Path> s = Files.list(marks)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Every form in which a configuration can make Jackson resolve {@code name}. */
    private List<String> forms(String name) {
        return List.of(
                json.replace(SOFTMAX, "\"@class\" : \"" + name + "\""),
                json.replace(SOFTMAX, "\"@class\" : \"" + name + "\", " + SOFTMAX),
                json.replace(SOFTMAX, "\"\\u0040class\" : \"" + name + "\""),
                json.replaceFirst("\\{\\s*" + java.util.regex.Pattern.quote(SOFTMAX) + "\\s*}", "[\"" + name + "\", {}]"),
                json.replace(SOFTMAX, "\"@class\" : \"org.nd4j.linalg.activations.impl.ActivationSoftmax<" + name + ">\""),
                json.replace(SOFTMAX, "\"@class\" : \"[L" + name + ";\""),
                json.replaceFirst("\"weightInitFn\" : \\{[^}]*}", "\"weightInitFn\" : {\"@class\" : "
                        + "\"org.deeplearning4j.nn.weights.WeightInitDistribution\", \"distribution\" : {\"type\" : \""
                        + name + "\"}}"));
    }

    @Test
    void dl4jsOwnReaderInitialisesANamedClassBeforeItRefusesIt() throws IOException {
        // DL4J's mapper as it comes (Jackson 2.13.3's TypeFactory): Class.forName(name, true, ...) before the subtype check
        ObjectMapper plain = JsonMappers.getMapper().copy().setTypeFactory(TypeFactory.defaultInstance());
        String evil = json.replace(SOFTMAX, "\"@class\" : \"gadget.UnhardenedMarker\"");
        assertThrows(Exception.class, () -> plain.readValue(evil, ComputationGraphConfiguration.class));
        assertEquals(List.of("gadget-gadget.UnhardenedMarker-static"), marks());
    }

    @Test
    void theHardenedReaderResolvesNoForeignNameInAnyFormAndInitialisesNothing() throws IOException {
        Dl4jJson.harden();
        assertTrue(ComputationGraphConfiguration.fromJson(json).getVertices().containsKey(CharLmModel.OUTPUT));
        for (String form : forms("gadget.Marker")) {
            assertFalse(form.equals(json), "the form changes the configuration");
            assertThrows(RuntimeException.class, () -> ComputationGraphConfiguration.fromJson(form), form);
        }
        // an allowed name that is no DL4J type is loaded to be refused, never initialised
        assertThrows(RuntimeException.class, () -> ComputationGraphConfiguration.fromJson(
                json.replace(SOFTMAX, "\"@class\" : \"dev.seq4j.gadget.InsideMarker\"")));
        assertEquals(List.of(), marks());
    }

    @Test
    void ourCheckRefusesEveryFormWithOneLineNamingTheFile() {
        Path file = Path.of("run", "model.zip");
        Dl4jJson.checkTypeIds(file, "configuration.json", json);
        for (String form : forms("gadget.Marker")) {
            String m = assertThrows(UserException.class, () -> Dl4jJson.checkTypeIds(file, "configuration.json", form),
                    form).getMessage();
            assertTrue(m.startsWith(file + ": configuration.json ") && m.lines().count() == 1, m);
            assertTrue(m.contains("gadget.Marker") || m.contains("Duplicate field '@class'"), m);
        }
        String upper = json.replace(SOFTMAX, SOFTMAX + ", \"@CLASS\" : \"gadget.Marker\"");
        assertThrows(UserException.class, () -> Dl4jJson.checkTypeIds(file, "configuration.json", upper));
        String trailing = json + " {\"@class\": \"gadget.Marker\"}";
        assertTrue(assertThrows(UserException.class, () -> Dl4jJson.checkTypeIds(file, "configuration.json", trailing))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void onlyPlainNamesUnderTheThreePrefixesAreAllowed() {
        for (String ok : List.of("org.deeplearning4j.nn.conf.graph.LayerVertex", "org.nd4j.linalg.learning.config.Adam",
                "dev.seq4j.model.layers.GRU", "org.nd4j.linalg.Outer$Inner")) {
            assertTrue(Dl4jJson.allowed(ok), ok);
        }
        for (String no : List.of("gadget.Marker", "java.util.logging.FileHandler", "org.nd4j.shade.jackson.X",
                "org.nd4j.X<gadget.Marker>", "[Lorg.nd4j.X;", "org.nd4jx.Y", "org.nd4j.", "org.nd4j..X", "org.nd4j.X ",
                "dev.seq4j", "Marker", "org.nd4j.1X")) {
            assertFalse(Dl4jJson.allowed(no), no);
        }
    }
}
