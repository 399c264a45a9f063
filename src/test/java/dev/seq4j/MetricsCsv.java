package dev.seq4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A run's metrics.csv for comparing runs: every column but the wall-clock ones, which are measurements. */
public final class MetricsCsv {
    public static final List<String> MEASURED = List.of("seconds", "tokens_per_s", "data_share", "heap_mb", "rss_mb");

    private MetricsCsv() {
    }

    /** Each line of {@code run/metrics.csv} as "column=value ..." without the measured columns. */
    public static List<String> withoutTimes(Path run) throws IOException {
        return withoutTimes(run, "metrics.csv");
    }

    /** Each line of {@code run/file} (metrics.csv or steps.csv) as "column=value ..." without the measured columns. */
    public static List<String> withoutTimes(Path run, String file) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(file));
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
