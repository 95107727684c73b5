package io.jenkins.plugins.databricks.benchmarks;

import java.util.Arrays;

/** Medians: robust to the odd GC pause or scheduler hiccup that a mean would smear over every variant. */
final class Stats {
    private Stats() {
    }

    static double median(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
