package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limiter's short burst after a quiet spell, and the unlimited setting, in virtual time (the slot
 * {@code reserve()} returns is when the request may go).
 */
class RateLimiterBurstTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private final AtomicLong clock = new AtomicLong(100 * SECOND);

    private RateLimiter quietLimiter(double rate) {
        RateLimiter limiter = new RateLimiter("burst", rate, clock::get);
        clock.addAndGet(SECOND);
        return limiter;
    }

    @Test
    void aQuietHostSendsFiftyMillisecondsWorthAtOnceThenPacesAtTheRate() {
        RateLimiter limiter = quietLimiter(100);
        long now = clock.get();
        for (int i = 0; i < 6; i++) {
            assertEquals(now, limiter.reserve(), "request " + (i + 1) + " of the burst goes at once");
        }
        assertEquals(now + 10 * MS, limiter.reserve(), "then one every 1/rate");
        assertEquals(now + 20 * MS, limiter.reserve());
    }

    @Test
    void aBusyHostStillAveragesTheConfiguredRate() {
        RateLimiter limiter = quietLimiter(100);
        long start = clock.get();
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = limiter.reserve();
        }
        // 1000 requests at 100/s: the burst saves 50 ms of the 10 s, no more
        assertEquals(start + 9_940 * MS, last);
    }

    @Test
    void theBurstRefillsOnlyWithIdleTime() {
        RateLimiter limiter = quietLimiter(100);
        for (int i = 0; i < 6; i++) {
            limiter.reserve();
        }
        clock.addAndGet(20 * MS); // 20 ms idle: two requests' worth back in the bucket
        long now = clock.get();
        assertEquals(now, limiter.reserve());
        assertEquals(now, limiter.reserve());
        assertEquals(now + 10 * MS, limiter.reserve());
    }

    @Test
    void afterA429TheHostResumesOneSlotAtATimeWithoutABurst() {
        RateLimiter limiter = quietLimiter(100);
        for (int i = 0; i < 100; i++) {
            limiter.onSuccess(limiter.reserve());
            clock.addAndGet(10 * MS);
        }
        limiter.onThrottled(limiter.reserve(), Duration.ofSeconds(1));
        long pauseEnd = clock.get() + SECOND;
        long spacing = (long) (SECOND / limiter.currentRate());
        assertEquals(pauseEnd, limiter.reserve());
        assertEquals(pauseEnd + spacing, limiter.reserve());
        assertEquals(pauseEnd + 2 * spacing, limiter.reserve());
    }

    @Test
    void unlimitedNeverPacesUntilA429() {
        RateLimiter limiter = quietLimiter(RateLimiter.UNLIMITED);
        long now = clock.get();
        for (int i = 0; i < 100_000; i++) {
            assertEquals(now, limiter.reserve());
        }
        limiter.onThrottled(limiter.reserve(), Duration.ofSeconds(2));
        assertEquals(now + 2 * SECOND, limiter.reserve(), "a 429 still pauses the host");
        assertTrue(limiter.currentRate() < 100_000, "and sets a finite rate: " + limiter);
    }

    @Test
    void unlimitedComesBackAfterCongestionEnds() {
        RateLimiter limiter = quietLimiter(RateLimiter.UNLIMITED);
        for (int i = 0; i < 500; i++) {
            limiter.onSuccess(limiter.reserve());
            clock.addAndGet(10 * MS);
        }
        limiter.onThrottled(limiter.reserve(), Duration.ofSeconds(1));
        double low = limiter.currentRate();
        assertTrue(low > 50 && low <= 100, "about 95% of the 100/s the server took: " + low);
        for (int s = 0; s < 30; s++) {
            clock.addAndGet(SECOND);
            limiter.onSuccess(limiter.reserve());
        }
        double later = limiter.currentRate();
        assertTrue(later > low && later < 1000, "first grows slowly near the rate the server took: " + later);
        for (int s = 0; s < 600; s++) {
            clock.addAndGet(SECOND);
            limiter.onSuccess(limiter.reserve());
        }
        assertEquals(RateLimiter.UNLIMITED, limiter.currentRate(), "unlimited again after a quiet spell");
    }

    @Test
    void unlimitedIsAccepted() {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = TestSupport.client(emu).rateLimit(RateLimiter.UNLIMITED).build();
            assertEquals(RateLimiter.UNLIMITED, client.rateLimiter().configuredRate());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 10_000.5, Double.NaN, Double.NEGATIVE_INFINITY})
    void otherRatesAreRefusedNamingTheAcceptedValues(double rate) {
        String message = assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().rateLimit(rate)).getMessage();
        assertTrue(message.startsWith("rateLimit") && message.contains("10000") && message.contains("UNLIMITED"),
                message);
    }

    @Test
    void anUnlimitedClientStillWaitsOutA429() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = TestSupport.client(emu).rateLimit(RateLimiter.UNLIMITED).build();
            String id = emu.clusters().create("c", "RUNNING");
            emu.faults().next(1, "/api/2.1/clusters/get", Fault.rateLimited(1));
            long start = System.nanoTime();
            client.clusters().get(id);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 900, "waited out Retry-After: 1, took " + waited + " ms");
            assertEquals(2, emu.requestCount("/api/2.1/clusters/get"));
        }
    }
}
