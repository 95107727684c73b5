package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.util.ArrayList;
import java.util.List;

/**
 * Listing every cluster of a workspace with {@value #CLUSTERS} of them, end to end (all pages fetched,
 * parsed and collected), our client and the SDK in alternating rounds (ABBA); then, in a separate pass so
 * the sampler cannot slow the timed runs, the heap each needs for it.
 */
final class ListBenchmark {
    static final int CLUSTERS = 10_000;
    static final String PATH = "/api/2.1/clusters/list";

    record Result(double clientMillis, double sdkMillis, double clientPeakHeapMb, double clientRetainedHeapMb,
                  double sdkPeakHeapMb, double sdkRetainedHeapMb, long clientPages, long sdkPages) {
    }

    private final int warmUpRounds;
    private final int measuredRounds;

    ListBenchmark(int warmUpRounds, int measuredRounds) {
        this.warmUpRounds = warmUpRounds;
        this.measuredRounds = measuredRounds;
    }

    Result run() throws Exception {
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            emulator.clusters().createMany(CLUSTERS);
            Api[] apis = {OurApi.connect(emulator.baseUrl(), Limits.UNLIMITED), SdkApi.connect(emulator.baseUrl())};
            long[] pages = new long[apis.length];
            List<List<Long>> nanos = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < warmUpRounds + measuredRounds; r++) {
                for (int k = 0; k < apis.length; k++) {
                    int variant = r % 2 == 0 ? k : apis.length - 1 - k;
                    long requestsBefore = emulator.requestCount(PATH);
                    long start = System.nanoTime();
                    List<?> clusters = apis[variant].listAllClusters();
                    long elapsed = System.nanoTime() - start;
                    pages[variant] = emulator.requestCount(PATH) - requestsBefore;
                    check(apis[variant], clusters);
                    if (r >= warmUpRounds) {
                        nanos.get(variant).add(elapsed);
                    }
                }
            }
            double[] client = heap(apis[0]);
            double[] sdk = heap(apis[1]);
            return new Result(medianMillis(nanos.get(0)), medianMillis(nanos.get(1)), client[0], client[1],
                    sdk[0], sdk[1], pages[0], pages[1]);
        }
    }

    /** {peak MB above a settled baseline while listing, MB still in use after GC while holding the result}. */
    private static double[] heap(Api api) throws Exception {
        List<?> clusters;
        double peakMb;
        long baseline;
        try (HeapSampler sampler = new HeapSampler()) {
            baseline = sampler.baseline();
            clusters = api.listAllClusters();
            peakMb = sampler.peakAboveBaseline() / 1048576.0;
        }
        double retainedMb = (HeapSampler.settledUsed() - baseline) / 1048576.0;
        check(api, clusters);
        return new double[] {peakMb, retainedMb};
    }

    private static void check(Api api, List<?> clusters) {
        if (clusters.size() != CLUSTERS) {
            throw new IllegalStateException(api.name() + " listed " + clusters.size() + " clusters, not " + CLUSTERS);
        }
    }

    private static double medianMillis(List<Long> nanos) {
        return Stats.median(nanos.stream().mapToLong(Long::longValue).toArray()) / 1e6;
    }
}
