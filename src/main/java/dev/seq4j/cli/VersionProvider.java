package dev.seq4j.cli;

import dev.seq4j.run.Versions;
import picocli.CommandLine;

import java.util.Properties;

/** {@code --version}: seq4j, DL4J, the backend it was built for and Java, without starting ND4J. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = Versions.build();
        return new String[]{
                "seq4j " + build.getProperty("version", "unknown"),
                "DL4J " + build.getProperty("dl4j", "unknown") + ", backend " + build.getProperty("backend", "unknown")
                        + " (" + build.getProperty("classifier", "unknown") + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
