package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client's own HttpClient runs the JDK's internal tasks on its selector thread (a direct executor). Many
 * threads share it while connections are closed before and part-way through answers, answers come too late,
 * and bodies are large or broken: every call must end (no thread stuck behind the selector), and the shared
 * HttpClient must still work afterwards (no failure on the selector thread took it down).
 */
class DefaultHttpClientSoakTest {
    private static final String GET = "/api/2.1/clusters/get";
    private static final List<Supplier<Fault>> FAULTS = List.of(
            Fault::closeMidAnswer,
            Fault::closeBeforeAnswer,
            () -> Fault.delay(Duration.ofMillis(400)),
            () -> Fault.status(503),
            Fault::malformedJson,
            () -> Fault.html(502));
    private static final Pattern EXPECTED_FAILURE = Pattern.compile("closed before any answer|closed part-way"
            + "|no answer within|HTTP 503|HTTP 502|not valid JSON");

    @Test
    void concurrentCallsUnderEveryConnectionFaultAllEndAndTheClientKeepsWorking() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            String id = emu.clusters().create("soak", "RUNNING");
            emu.clusters().createMany(1_000); // list() then reads 10 pages of 100 clusters each
            DatabricksClient client = TestSupport.client(emu)
                    .rateLimit(RateLimiter.UNLIMITED)
                    .requestTimeout(Duration.ofMillis(200))
                    .retryPolicy(TestSupport.fastRetries().withMaxAttempts(4))
                    .build();
            int threads = 8;
            int callsEach = 25;
            AtomicInteger succeeded = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> unexpected = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> injector = pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 10 * FAULTS.size() && running.get(); i++) {
                        emu.faults().next(1, i % 4 == 0 ? "/api/2.1/clusters/list" : GET,
                                FAULTS.get(i % FAULTS.size()).get());
                        Thread.sleep(20);
                    }
                    return null;
                });
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < callsEach; i++) {
                            try {
                                if ((i + thread) % 10 == 0) {
                                    assertEquals(1_001, client.clusters().list().size());
                                } else {
                                    assertEquals(id, client.clusters().get(id).get("cluster_id"));
                                }
                                succeeded.incrementAndGet();
                            } catch (DatabricksException e) {
                                // only the injected faults, after every attempt; never the HttpClient itself
                                if (!EXPECTED_FAILURE.matcher(e.getMessage()).find()) {
                                    unexpected.add(e.getMessage());
                                }
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS); // a call stuck behind the selector thread fails here
                }
                running.set(false);
                injector.get(5, TimeUnit.SECONDS);
            } finally {
                running.set(false);
                pool.shutdownNow();
            }
            assertEquals(threads * callsEach, succeeded.get() + failed.get());
            assertEquals(List.of(), unexpected);
            assertTrue(succeeded.get() > threads * callsEach / 4, succeeded + " succeeded, " + failed + " failed");
            assertTrue(emu.totalRequests() > threads * callsEach, "faults were hit and retried: "
                    + emu.totalRequests() + " requests");

            emu.faults().clear();
            Map<String, Object> after = client.clusters().get(id);
            assertEquals(id, after.get("cluster_id"), "the shared HttpClient still answers");
            DatabricksClient fresh = TestSupport.client(emu).requestTimeout(Duration.ofMillis(200)).build();
            assertEquals(1_001, fresh.clusters().list().size(), "so does a new client sharing it");
        }
    }
}
