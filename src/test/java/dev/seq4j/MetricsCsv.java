package dev.seq4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A run's metrics.csv for comparing runs: every column but the wall-clock ones, which are measurements. */
public final class MetricsCsv {
    public static final List<String> MEASURED = List.of("seconds", "tokens_per_s", "data_share");

    private MetricsCsv() {
    }

    /** Each line of {@code run/metrics.csv} as "column=value ..." without the measured columns. */
    public static List<String> withoutTimes(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        return lines.stream().map(l -> {
            String[] f = l.split(",");
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < f.length; i++) {
                if (!MEASURED.contains(header.get(i))) {
                    kept.append(header.get(i)).append('=').append(f[i]).append(' ');
                }
            }
            return kept.toString();
        }).toList();
    }
}
