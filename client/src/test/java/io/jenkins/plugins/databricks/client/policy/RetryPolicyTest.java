package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How long the client waits between attempts, and when it stops. */
class RetryPolicyTest {
    private static DatabricksEmulator emu;
    private static String clusterId;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        clusterId = emu.clusters().create("retry", "RUNNING");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.faults().clear();
        emu.resetCounters();
    }

    @Test
    void defaultsAreCloseToTheSdks() {
        RetryPolicy p = RetryPolicy.defaults();
        assertEquals(5, p.maxAttempts());
        assertEquals(Duration.ofMinutes(5), p.totalBudget());
        assertEquals(Duration.ofSeconds(1), p.initialBackoff());
        assertEquals(Duration.ofSeconds(60), p.maxBackoff());
    }

    @Test
    void backoffDoublesUpToTheCapWithAtMostAQuarterOfJitter() {
        RetryPolicy p = RetryPolicy.defaults();
        long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (int retry = 1; retry <= expectedSeconds.length; retry++) {
            Duration base = Duration.ofSeconds(expectedSeconds[retry - 1]);
            for (int sample = 0; sample < 50; sample++) {
                Duration d = p.backoff(retry);
                assertTrue(d.compareTo(base) >= 0 && d.compareTo(base.multipliedBy(5).dividedBy(4)) <= 0,
                        "retry " + retry + ": " + d);
            }
        }
        Duration huge = p.backoff(500);
        assertTrue(huge.compareTo(Duration.ofSeconds(60)) >= 0 && huge.compareTo(Duration.ofSeconds(75)) <= 0, "" + huge);
    }

    @Test
    void retryAfterInSecondsOrAsHttpDateWins() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        RetryPolicy p = RetryPolicy.defaults().withClock(clock);
        assertEquals(Duration.ofSeconds(7), p.delayBefore(3, "7"));
        assertEquals(Duration.ofMillis(1500), p.delayBefore(1, "1.5"));
        assertEquals(Duration.ofSeconds(30), p.delayBefore(1, "Wed, 25 Nov 2026 10:00:30 GMT"));
        assertEquals(Duration.ZERO, p.delayBefore(1, "Wed, 25 Nov 2026 09:00:00 GMT"), "a past date means now");
        assertNull(p.parseRetryAfter("soon"));
        assertNull(p.parseRetryAfter("-3"));
        Duration fallback = p.delayBefore(2, "soon");
        assertTrue(fallback.compareTo(Duration.ofSeconds(2)) >= 0, "unreadable header falls back to backoff");
    }

    @Test
    void whichStatusesAreRetried() {
        RetryPolicy p = RetryPolicy.defaults();
        for (int s : new int[] {429, 503}) {
            assertTrue(p.retriesStatus(s, false) && p.retriesStatus(s, true), "always " + s);
        }
        for (int s : new int[] {500, 502, 504}) {
            assertTrue(p.retriesStatus(s, true) && !p.retriesStatus(s, false), "only safe " + s);
        }
        for (int s : new int[] {400, 401, 403, 404, 409, 501}) {
            assertFalse(p.retriesStatus(s, true), "never " + s);
        }
    }

    @Test
    void invalidSettingsAreRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().withMaxAttempts(0))
                .getMessage().startsWith("maxAttempts must be between 1 and 100"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.defaults().withTotalBudget(Duration.ZERO)).getMessage().startsWith("totalBudget"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults()
                .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).getMessage().startsWith("maxBackoff"));
    }

    @Test
    void retryAfterFromTheServerIsWaitedOut() throws Exception {
        TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
        DatabricksClient client = TestSupport.client(emu)
                .retryPolicy(TestSupport.fastRetries().withSleeper(sleeper)).build();
        emu.faults().next(2, "/api/2.1/clusters/get", Fault.rateLimited(3));
        client.clusters().get(clusterId);
        assertEquals(3, emu.requestCount("/api/2.1/clusters/get"));
        assertEquals(2, sleeper.sleeps.stream().filter(Duration.ofSeconds(3)::equals).count(), sleeper.sleeps.toString());
    }

    @Test
    void totalBudgetStopsRetriesBeforeAWaitThatWouldOverrunIt() {
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(100).withTotalBudget(Duration.ofSeconds(10))
                .withBackoff(Duration.ofSeconds(4), Duration.ofSeconds(4)).withClock(clock)
                .withSleeper(d -> now.addAndGet(d.toMillis()));
        DatabricksClient client = TestSupport.client(emu).retryPolicy(policy).build();
        emu.faults().next(50, "/api/2.1/clusters/get", Fault.status(503));
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.clusters().get(clusterId));
        // waits of 4-5 s: after two the next would end past 10 s
        assertEquals(3, emu.requestCount("/api/2.1/clusters/get"));
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("[retry budget of PT10S exhausted]"), e.getMessage());
    }

    @Test
    void noRetryPolicySendsOnce() {
        DatabricksClient client = TestSupport.client(emu).retryPolicy(RetryPolicy.none()).build();
        emu.faults().next(1, "/api/2.1/clusters/get", Fault.status(503));
        assertThrows(DatabricksException.class, () -> client.clusters().get(clusterId));
        assertEquals(1, emu.requestCount("/api/2.1/clusters/get"));
    }

    @Test
    void interruptDuringBackoffPropagates() throws Exception {
        DatabricksClient client = TestSupport.client(emu)
                .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .build();
        emu.faults().next(5, "/api/2.1/clusters/get", Fault.status(503));
        assertInterruptible(() -> client.clusters().get(clusterId));
    }

    @Test
    void interruptWhileWaitingForAnAnswerPropagates() throws Exception {
        DatabricksClient client = TestSupport.client(emu).build();
        emu.faults().next(1, "/api/2.1/clusters/get", Fault.delay(Duration.ofSeconds(5)));
        assertInterruptible(() -> client.clusters().get(clusterId));
    }

    interface Blocking {
        void run() throws Exception;
    }

    private static void assertInterruptible(Blocking work) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                work.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        Thread.sleep(300);
        long before = System.nanoTime();
        t.interrupt();
        Throwable thrown;
        try {
            thrown = outcome.get(3, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
        assertTrue(thrown instanceof InterruptedException, "got " + thrown);
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2), "returned promptly");
    }
}
