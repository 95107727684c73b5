package io.jenkins.plugins.databricks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-host limiter over real sockets: shared by clients, paces requests, backs off on 429 together. */
class RateLimitTest {

    @Test
    void clientsOfOneHostShareOneLimiterAndTheLatestConfigurationWins() {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient a = TestSupport.client(emu).build();
            DatabricksClient b = DatabricksClient.builder().host(emu.baseUrl()).auth(AuthMethod.oauthM2M("x", "y"))
                    .rateLimit(7).build();
            assertSame(a.rateLimiter(), b.rateLimiter());
            assertEquals(7, a.rateLimiter().configuredRate());
            DatabricksClient c = TestSupport.client(emu).build();
            assertEquals(7, c.rateLimiter().configuredRate(), "a client without a rate keeps the configured one");
        }
    }

    @Test
    void defaultRateIsUsedWhenNoneIsConfigured() {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            assertEquals(RateLimiter.DEFAULT_RATE, TestSupport.client(emu).build().rateLimiter().configuredRate());
        }
    }

    @Test
    void requestsArePacedToTheConfiguredRate() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = TestSupport.client(emu).rateLimit(10).build();
            long start = System.nanoTime();
            for (int i = 0; i < 11; i++) {
                client.currentUser();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 950, "11 requests at 10/s take at least a second, took " + millis + " ms");
        }
    }

    @Test
    void a429PausesEveryClientOfTheHostForRetryAfter() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient first = TestSupport.client(emu).build();
            DatabricksClient second = TestSupport.client(emu).build();
            String id = emu.clusters().create("c", "RUNNING");
            emu.faults().next(1, "/api/2.1/clusters/get", Fault.rateLimited(1));
            CompletableFuture<Object> throttled = CompletableFuture.supplyAsync(() -> {
                try {
                    return first.clusters().get(id);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (emu.statusCount(429) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            second.currentUser(); // another endpoint, another client: the host is paused all the same
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 700, "waited out the Retry-After, took " + waited + " ms");
            throttled.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyThreadsAdaptToTheServerLimitWithFewRejections() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            String id = emu.clusters().create("limited", "RUNNING");
            emu.faults().rateLimit("/api/2.1/clusters/get", 30.0, 1);
            DatabricksClient a = TestSupport.client(emu).rateLimit(100).build();
            DatabricksClient b = TestSupport.client(emu).build();
            int threads = 16;
            int callsEach = 6;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    DatabricksClient client = t % 2 == 0 ? a : b;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < callsEach; i++) {
                            client.clusters().get(id);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long total = emu.requestCount("/api/2.1/clusters/get");
            long rejected = emu.statusCount(429);
            assertEquals(threads * callsEach, total - rejected, "every call succeeded");
            assertTrue(rejected <= threads + 4, "429s limited to the requests in flight when the limit was found: "
                    + rejected + " of " + total);
            assertTrue(a.rateLimiter().currentRate() <= 30, "adapted to the server: " + a.rateLimiter());
        }
    }
}
