package dev.seq4j.spark;

import dev.seq4j.cli.Seq4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster path as a user takes it (after {@code ./mvnw -Pcpu,spark package}): a standalone Spark master and worker
 * run from {@code target/spark-home} (Spark and its libraries only, as a Spark installation has them; made by
 * {@code src/spark/home/pom.xml}), and
 * {@code spark-submit} of the one jar {@code target/seq4j-spark.jar} in client mode, with the executors in their own JVMs
 * started by the worker. A char LM trains on two 1-core executors to within 5 % of a single-machine run, and a 2-trial
 * sweep's table equals the local runner's but for the seconds.
 */
class SparkSubmitIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String OPENS = System.getProperty("spark.opens", "");

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A JVM with the Spark installation's classpath and the Java 17 opens, as Spark's own scripts start one. */
    private ProcessBuilder spark(String mainClass, Path log, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", TARGET.resolve("spark-home").resolve("jars") + File.separator + "*"));
        command.addAll(List.of(OPENS.split(" ")));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", TARGET.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb;
    }

    /** {@code ./mvnw -f src/spark/home/pom.xml package}: target/spark-home, as docs/spark.md tells a user to make it. */
    private void buildSparkHome() throws Exception {
        Path log = dir.resolve("spark-home.log");
        Process build = new ProcessBuilder(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q", "-f",
                "src/spark/home/pom.xml", "package").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES), "building target/spark-home took over 5 minutes");
        assertEquals(0, build.exitValue(), Files.readString(log));
    }

    private String startCluster() throws Exception {
        buildSparkHome();
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        daemons.add(spark("org.apache.spark.deploy.master.Master", dir.resolve("master.log"),
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0")).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    fail("the master did not start: " + Files.readString(dir.resolve("master.log")));
                }
                Thread.sleep(200);
            }
        }
        daemons.add(spark("org.apache.spark.deploy.worker.Worker", dir.resolve("worker.log"),
                List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "4g", "--webui-port", "0",
                        "--work-dir", dir.resolve("work").toString(), master)).start());
        return master;
    }

    /** {@code spark-submit --master M --class dev.seq4j.cli.Seq4j target/seq4j-spark.jar ARGS}: its exit code. */
    private int submit(String master, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--master", master, "--class", "dev.seq4j.cli.Seq4j",
                "--executor-cores", "1", "--executor-memory", "1g",
                "--conf", "spark.executor.extraJavaOptions=" + OPENS,
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                TARGET.resolve("seq4j-spark.jar").toString()));
        command.addAll(List.of(args));
        Process p = spark("org.apache.spark.deploy.SparkSubmit", log, command).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("spark-submit did not finish in 8 minutes: " + Files.readString(log));
        }
        return p.exitValue();
    }

    private static int seq4j(String... args) {
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void theSubmitJarHoldsSeq4jButNotSpark() throws Exception {
        try (ZipFile jar = new ZipFile(TARGET.resolve("seq4j-spark.jar").toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            for (String needed : List.of("dev/seq4j/cli/Seq4j.class", "dev/seq4j/spark/SparkFitter.class",
                    "org/deeplearning4j/spark/impl/graph/SparkComputationGraph.class",
                    "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class", "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend")) {
                assertTrue(names.contains(needed), needed);
            }
            for (String provided : List.of("org/apache/spark/SparkContext", "scala/", "io/netty/",
                    "org/apache/hadoop/", "org/junit/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(provided)), provided);
            }
        }
    }

    @Test
    void trainAndSweepThroughSparkSubmitOnAStandaloneCluster() throws Exception {
        Path data = SparkTrainingTest.words(dir);
        Path config = SparkTrainingTest.smallCharLm(dir, data);
        String master = startCluster();

        Path trainLog = dir.resolve("train.log");
        int code = submit(master, trainLog, "train", config.toString(), "--spark", master,
                "--out", dir.resolve("cluster").toString());
        assertEquals(0, code, Files.readString(trainLog));
        assertTrue(Files.readString(dir.resolve("worker.log")).contains("Asked to launch executor"),
                "the worker started executors");
        seq4j("train", config.toString(), "--out", dir.resolve("local").toString());
        SparkTrainingTest.withinFivePercent(dir.resolve("local"), dir.resolve("cluster"));

        Path sweepFile = SparkSweepTest.grid(dir, data, "  train.learningRate: [0.01, 0.02]\n");
        Path sweepLog = dir.resolve("sweep.log");
        code = submit(master, sweepLog, "sweep", sweepFile.toString(), "--spark", master, "--parallel", "2",
                "--out", dir.resolve("sweep-cluster").toString());
        assertEquals(0, code, Files.readString(sweepLog));
        seq4j("sweep", sweepFile.toString(), "--parallel", "2", "--out", dir.resolve("sweep-local").toString());
        List<String> local = SparkSweepTest.withoutSeconds(dir.resolve("sweep-local").resolve("results.csv"));
        assertEquals(3, local.size(), local.toString());
        assertEquals(local, SparkSweepTest.withoutSeconds(dir.resolve("sweep-cluster").resolve("results.csv")));
    }
}
