package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A workspace that allows one endpoint {@value #SERVER_LIMIT} requests/s and answers 429 with
 * Retry-After: 1 beyond that; many threads share a fixed number of calls to it. Each library gets its own
 * fresh emulator so neither starts with the other's bucket drained.
 */
final class RateLimitBenchmark {
    static final double SERVER_LIMIT = 50.0;
    static final String PATH = "/api/2.1/clusters/get";

    record Result(long succeeded, long failed, double seconds, long requests, long tooManyRequests) {
        double goodput() {
            return succeeded / seconds / SERVER_LIMIT;
        }

        double share429() {
            return requests == 0 ? 0 : (double) tooManyRequests / requests;
        }
    }

    private final int threads;
    private final int calls;

    RateLimitBenchmark(int threads, int calls) {
        this.threads = threads;
        this.calls = calls;
    }

    Result run(Function<String, Api> connect) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            String clusterId = emulator.clusters().create("rate-limited", "RUNNING");
            Api api = connect.apply(emulator.baseUrl());
            emulator.faults().rateLimit(PATH, SERVER_LIMIT, 1);
            emulator.resetCounters();

            AtomicInteger tickets = new AtomicInteger(calls);
            LongAdder succeeded = new LongAdder();
            LongAdder failed = new LongAdder();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    while (tickets.getAndDecrement() > 0) {
                        try {
                            Blackhole.consume(api.getCluster(clusterId));
                            succeeded.increment();
                        } catch (RuntimeException e) {
                            failed.increment();
                        }
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long requests = emulator.requestCount(PATH);
            if (requests < calls) {
                throw new IllegalStateException(api.name() + " sent " + requests + " requests to " + PATH
                        + " for " + calls + " calls: it is calling another path, so the limit never applied");
            }
            return new Result(succeeded.sum(), failed.sum(), seconds, emulator.totalRequests(),
                    emulator.statusCount(429));
        } finally {
            pool.shutdownNow();
        }
    }
}
