package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Start-and-wait on a cluster that takes {@link #START} of emulator time to reach RUNNING. The emulator
 * runs on its real-time clock: both libraries pace their polls by real sleeps, so a scaled emulator clock
 * would change what is measured. Every run gets its own emulator, so the clusters/get count is its own.
 * Polls carry random jitter, so one run says little about detection delay: callers run several at once
 * (they sleep nearly all the time) and take medians.
 */
final class StartWaitBenchmark {
    static final Duration START = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param polls clusters/get requests the whole start-and-wait made
     * @param detectMillis how long after the cluster became RUNNING the call returned; RUNNING is taken as
     *     {@link #START} after the start request was sent, so the figure is high by at most that request's
     *     own latency (about a millisecond on loopback)
     */
    record Result(long polls, double detectMillis, double totalMillis) {
    }

    /** Medians over several runs. */
    record Summary(double polls, double detectMillis, double totalMillis, int runs) {
        static Summary of(List<Result> results) {
            return new Summary(
                    Stats.median(results.stream().mapToDouble(Result::polls).toArray()),
                    Stats.median(results.stream().mapToDouble(Result::detectMillis).toArray()),
                    Stats.median(results.stream().mapToDouble(Result::totalMillis).toArray()),
                    results.size());
        }
    }

    Result run(Function<String, Api> connect) throws Exception {
        try (DatabricksEmulator emulator = Workspaces.withClusterStart(START)) {
            String clusterId = emulator.clusters().create("start-wait");
            Api api = connect.apply(emulator.baseUrl());
            emulator.resetCounters();
            long start = System.nanoTime();
            Blackhole.consume(api.startAndWait(clusterId, TIMEOUT));
            double totalMillis = (System.nanoTime() - start) / 1e6;
            long polls = emulator.requestCount("GET", "/api/2.1/clusters/get")
                    + emulator.requestCount("GET", "/api/2.0/clusters/get");
            return new Result(polls, totalMillis - START.toMillis(), totalMillis);
        }
    }
}
