package dev.seq4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    @Test
    void infoNamesTheBuildThreadsAndTheLstmImplementationInUse() {
        StringWriter out = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "info");
        assertEquals(Seq4j.OK, code);
        String text = out.toString();
        assertTrue(text.contains("native build") && text.contains("linux-x86_64"), text);
        assertTrue(text.matches("(?s).*OMP_NUM_THREADS\\s+\\S.*"), text);
        assertTrue(text.matches("(?s).*LSTM\\s+seq4j's fast CPU implementation.*"), text);
        assertTrue(text.contains("org.bytedeco.javacpp.maxbytes"), text);
        // the default build says how to get Spark; the spark build names it (SparkTrainingTest)
        assertTrue(text.matches("(?s).*\nSpark\\s+(not in this build \\(\\./mvnw -B -DskipTests -Pcpu,spark package adds it\\)"
                + "|Spark 3\\.5).*"), text);
    }
}
