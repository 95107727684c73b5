package io.jenkins.plugins.databricks.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The figures of one run, in insertion order, written as a flat JSON object and printed as a table. */
final class Results {
    private record Row(String key, double value, String goal, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();

    /**
     * The figures already in {@code file} (none if it does not exist), to add more beside them; those that
     * {@code replaced} accepts are left out, as the run is about to measure them again.
     */
    static Results existing(Path file, Predicate<String> replaced) throws IOException {
        Results r = new Results();
        if (Files.exists(file)) {
            Map<?, ?> map = new ObjectMapper().readValue(file.toFile(), Map.class);
            map.forEach((k, v) -> {
                if (v instanceof Number && !replaced.test(String.valueOf(k))) {
                    r.put(String.valueOf(k), ((Number) v).doubleValue());
                }
            });
        }
        return r;
    }

    Results put(String key, double value) {
        rows.add(new Row(key, value, "", null));
        return this;
    }

    Results atMost(String key, double value, double goal) {
        rows.add(new Row(key, value, "<= " + format(goal), value <= goal));
        return this;
    }

    Results atLeast(String key, double value, double goal) {
        rows.add(new Row(key, value, ">= " + format(goal), value >= goal));
        return this;
    }

    /** Whole numbers (counts, rounded milliseconds) as integers, so the file says 12 polls, not 12.0. */
    Map<String, Number> asMap() {
        Map<String, Number> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.key(), isWhole(r.value()) ? (Number) (long) r.value() : r.value()));
        return map;
    }

    private static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    void writeJson(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), asMap());
    }

    void printTable(PrintStream out) {
        int width = rows.stream().mapToInt(r -> r.key().length()).max().orElse(10);
        String line = "%-" + width + "s  %12s  %-10s  %s%n";
        out.printf(line, "metric", "value", "goal", "");
        for (Row r : rows) {
            String verdict = r.met() == null ? "" : r.met() ? "met" : "MISSED";
            out.printf(line, r.key(), format(r.value()), r.goal(), verdict);
        }
    }

    private static String format(double value) {
        if (isWhole(value)) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }
}
