package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.permissions.AccessControlEntry;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls per second from a fixed number of threads running the same mix through our client and through the
 * SDK, in alternating rounds (ABBA) against one emulator; the first round of each is warm-up.
 */
final class ThroughputBenchmark {
    record Result(double clientCallsPerSecond, double sdkCallsPerSecond, long errors) {
        double ratio() {
            return clientCallsPerSecond / sdkCallsPerSecond;
        }
    }

    private final int threads;
    private final Duration round;
    private final int measuredRounds;

    ThroughputBenchmark(int threads, Duration round, int measuredRounds) {
        this.threads = threads;
        this.round = round;
        this.measuredRounds = measuredRounds;
    }

    Result run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            String clusterId = seed(emulator);
            Api[] apis = {OurApi.connect(emulator.baseUrl(), Limits.UNLIMITED), SdkApi.connect(emulator.baseUrl())};
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
            LongAdder errors = new LongAdder();
            for (int r = 0; r <= measuredRounds; r++) {
                for (int k = 0; k < apis.length; k++) {
                    int variant = r % 2 == 0 ? k : apis.length - 1 - k;
                    double rate = oneRound(pool, apis[variant], clusterId, errors);
                    if (r > 0) {
                        rates.get(variant).add(rate);
                    }
                }
            }
            return new Result(median(rates.get(0)), median(rates.get(1)), errors.sum());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A cluster with a grant, and a few secret scopes, so no call in the mix answers with an empty shape. */
    private static String seed(DatabricksEmulator emulator) throws InterruptedException {
        String clusterId = emulator.clusters().create("throughput", "RUNNING");
        DatabricksClient seeder = DatabricksClient.builder().host(emulator.baseUrl()).token(Workspaces.TOKEN)
                .rateLimit(Limits.UNLIMITED).build();
        // the emulator only grants to principals that exist, as a workspace does
        emulator.users().addGroup("data-engineers");
        emulator.users().addUser("someone@example.com");
        seeder.permissions().update("clusters", clusterId,
                List.of(AccessControlEntry.group("data-engineers", "CAN_RESTART"),
                        AccessControlEntry.user("someone@example.com", "CAN_ATTACH_TO")));
        for (int i = 0; i < 5; i++) {
            seeder.secrets().createScope("bench-scope-" + i, null, true);
        }
        return clusterId;
    }

    private double oneRound(ExecutorService pool, Api api, String clusterId, LongAdder errors) throws Exception {
        LongAdder calls = new LongAdder();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            long offset = t;
            workers.add(pool.submit(() -> {
                go.await();
                for (long seq = offset; System.nanoTime() < deadline[0]; seq++) {
                    try {
                        Blackhole.consume(api.mixedCall(seq, clusterId));
                        calls.increment();
                    } catch (RuntimeException e) {
                        errors.increment();
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        deadline[0] = start + round.toNanos();
        go.countDown();
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return calls.sum() / seconds;
    }

    private static double median(List<Double> values) {
        return Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
