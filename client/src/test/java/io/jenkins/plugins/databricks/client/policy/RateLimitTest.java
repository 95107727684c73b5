package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
            // The limiter's clock stands still, so the pause the second client is asked to wait is exactly what
            // is left of the Retry-After, however slowly this machine runs.
            AtomicLong now = new AtomicLong(1_000_000_000L);
            RateLimiter limiter = RateLimiter.replaceForHost(emu.baseUrl(), 100, now::get);
            CountDownLatch throttled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            RetryPolicy.Sleeper firstSleeper = d -> {
                // the first sleep is the retry delay after the 429, taken once the pause is in force
                if (throttled.getCount() > 0) {
                    throttled.countDown();
                    release.await();
                }
            };
            DatabricksClient first = TestSupport.client(emu).retryPolicy(TestSupport.fastRetries().withSleeper(firstSleeper)).build();
            TestSupport.RecordingSleeper secondSleeper = new TestSupport.RecordingSleeper();
            DatabricksClient second = TestSupport.client(emu).retryPolicy(TestSupport.fastRetries().withSleeper(secondSleeper)).build();
            assertSame(limiter, first.rateLimiter());
            String id = emu.clusters().create("c", "RUNNING");
            emu.faults().next(1, "/api/2.1/clusters/get", Fault.rateLimited(1));
            CompletableFuture<Object> firstCall = CompletableFuture.supplyAsync(() -> {
                try {
                    return first.clusters().get(id);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(throttled.await(30, TimeUnit.SECONDS), "the first client met the 429");

            second.currentUser(); // another endpoint, another client: the host is paused all the same

            assertEquals(List.of(Duration.ofSeconds(1)), secondSleeper.sleeps, "waited out the Retry-After first");
            release.countDown();
            firstCall.get(30, TimeUnit.SECONDS);
            assertEquals(1, emu.statusCount(429));
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
            // The requests in flight when the limit is found are rejected, plus the odd probe while the rate
            // recovers; without adapting, most of the 96 calls would meet a 429 at least once.
            assertTrue(rejected <= 2L * threads, "429s limited to about the requests in flight when the limit was "
                    + "found: " + rejected + " of " + total);
            // How far the rate has crept back up depends on how long the run took; that it came down does not.
            assertTrue(a.rateLimiter().currentRate() < a.rateLimiter().configuredRate(),
                    "adapted below its ceiling: " + a.rateLimiter());
        }
    }
}
