package dev.seq4j.build;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build profiles of pom.xml pull in exactly the intended artifacts (group, artifact, version, classifier), so
 * that a later edit cannot silently change what {@code ./mvnw -Pcuda package} or {@code -Pcpu,spark} builds against. Read from the POM
 * itself with its properties resolved; Maven is not run (CI never downloads the CUDA jars).
 */
class BuildProfilesTest {
    static Document pom;
    static Map<String, String> properties = new HashMap<>();

    @BeforeAll
    static void readPom() throws Exception {
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element props = child(pom.getDocumentElement(), "properties");
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().strip());
            }
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String resolve(String value, Map<String, String> extra) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = extra.getOrDefault(m.group(1), properties.get(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : resolve(v, extra)));
        }
        return m.appendTail(out).toString();
    }

    private static Element profile(String id) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if (child(p, "id").getTextContent().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    /** "group:artifact:version[:classifier]" of the profile's dependencies, with the profile's properties. */
    private static List<String> dependencies(String id) {
        Element profile = profile(id);
        Map<String, String> own = new HashMap<>();
        Element props = child(profile, "properties");
        if (props != null) {
            for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    own.put(e.getTagName(), e.getTextContent().strip());
                }
            }
        }
        List<String> out = new ArrayList<>();
        NodeList deps = child(profile, "dependencies").getChildNodes();
        for (int i = 0; i < deps.getLength(); i++) {
            if (deps.item(i) instanceof Element d) {
                Element classifier = child(d, "classifier");
                out.add(resolve(String.join(":", child(d, "groupId").getTextContent(), child(d, "artifactId").getTextContent(),
                        child(d, "version").getTextContent()) + (classifier == null ? "" : ":" + classifier.getTextContent()), own));
            }
        }
        return out;
    }

    @Test
    void theCudaProfileIsNd4jCuda116WithCudnnNativesAndCudaBindingsForLinux() {
        assertEquals(List.of(
                "org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1",
                "org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64-cudnn",
                "org.bytedeco:cuda:11.6-8.3-1.5.7",
                "org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64",
                "org.bytedeco:javacpp:1.5.7:linux-x86_64"), dependencies("cuda"));
        assertEquals("nd4j-cuda-11.6", resolve(child(child(profile("cuda"), "properties"), "seq4j.backend")
                .getTextContent(), Map.of()));
    }

    @Test
    void theRedistProfileBundlesCuda116AndCudnn83ForLinux() {
        assertEquals(List.of("org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist"), dependencies("cuda-redist"));
    }

    @Test
    void theNativeBuildsAreNotPulledInTwice() {
        // nd4j-cuda-11.6's pom adds its plain linux-x86_64 natives (0.6 GB): both entries exclude the artifact itself
        NodeList deps = child(profile("cuda"), "dependencies").getElementsByTagName("dependency");
        int excluded = 0;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (child(d, "artifactId").getTextContent().startsWith("nd4j-cuda")) {
                Element exclusions = child(d, "exclusions");
                assertTrue(exclusions != null && resolve(exclusions.getTextContent(), Map.of()).contains("nd4j-cuda-11.6"),
                        "nd4j-cuda dependency without its self-exclusion");
                excluded++;
            }
        }
        assertEquals(2, excluded);
    }

    @Test
    void theCpuProfileStaysTheDefaultAndHoldsNoCuda() {
        Element activation = child(profile("cpu"), "activation");
        assertEquals("true", child(activation, "activeByDefault").getTextContent());
        List<String> cpu = dependencies("cpu");
        assertTrue(cpu.stream().noneMatch(d -> d.contains("cuda")), cpu.toString());
        assertTrue(cpu.contains("org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64-onednn-avx2"), cpu.toString());
    }

    @Test
    void theSparkProfileIsDl4jSparkM2OnSpark35WithJackson215() {
        assertEquals(List.of("org.deeplearning4j:dl4j-spark_2.12:1.0.0-M2", "org.apache.spark:spark-core_2.12:3.5.3"),
                dependencies("spark"));
        assertEquals("2.15.2", child(child(profile("spark"), "properties"), "jackson.version").getTextContent());
        // dl4j-spark M2 comes without its M2 core: the M2.1 jars of the main dependencies provide it
        String exclusions = child(child(child(profile("spark"), "dependencies"), "dependency"), "exclusions").getTextContent();
        for (String core : new String[]{"deeplearning4j-core", "deeplearning4j-nn", "nd4j-api", "nd4j-common",
                "nd4j-native-api", "datavec-api", "jackson", "guava", "deeplearning4j-ui", "spark-mllib_2.12"}) {
            assertTrue(exclusions.contains(core), core);
        }
        assertEquals("2.12.18", properties.get("scala.version"));
    }

    @Test
    void theSparkInstallationForTryingTheClusterPathIsTheSparkTheBuildUses() throws Exception {
        Document home = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/spark/home/pom.xml").toFile());
        Element props = child(home.getDocumentElement(), "properties");
        assertEquals(properties.get("spark.version"), child(props, "spark.version").getTextContent().strip());
    }
}
