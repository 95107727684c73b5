package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limiter's adaptation in virtual time: threads call a server that admits {@code limit} requests per second
 * (a token bucket holding one second's worth, as the emulator and typical API gateways do) and answers the rest
 * with 429 + Retry-After. Deterministic and instant, so the design target can be checked for many settings.
 */
class RateLimiterSimulationTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long LATENCY = 2_000_000L;

    record Result(double seconds, long successes, long throttled) {
        double goodput() {
            return successes / seconds;
        }

        double throttledShare() {
            return throttled / (double) (successes + throttled);
        }
    }

    /** One thread's next step, ordered by time. */
    record Event(long time, int thread, int kind, long slot, boolean rechecked) implements Comparable<Event> {
        static final int WANT = 0;
        static final int SEND = 1;
        static final int OK = 2;
        static final int THROTTLED = 3;

        Event at(long when) {
            return new Event(when, thread, kind, when, rechecked);
        }

        @Override
        public int compareTo(Event o) {
            return Long.compare(time, o.time);
        }
    }

    static Result simulate(double ceiling, double serverRate, long retryAfterSeconds, int threads, int calls) {
        return simulate(ceiling, serverRate, retryAfterSeconds, threads, calls, 0);
    }

    /** {@code rampUp}: threads join one by one over that many nanoseconds, as a warming JVM's do. */
    static Result simulate(double ceiling, double serverRate, long retryAfterSeconds, int threads, int calls,
                           long rampUp) {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        long start = clock.get();
        RateLimiter limiter = new RateLimiter("sim", ceiling, clock::get);
        double tokens = serverRate;
        long lastRefill = start;
        PriorityQueue<Event> events = new PriorityQueue<>();
        for (int t = 0; t < threads; t++) {
            events.add(new Event(start + rampUp * t / threads, t, Event.WANT, 0, false));
        }
        long successes = 0;
        long throttled = 0;
        long started = 0;
        long end = start;
        while (!events.isEmpty()) {
            Event e = events.poll();
            clock.set(e.time());
            switch (e.kind()) {
                case Event.WANT:
                    if (started >= calls) {
                        break;
                    }
                    started++;
                    events.add(new Event(0, e.thread(), Event.SEND, 0, false).at(limiter.reserve()));
                    break;
                case Event.SEND: {
                    if (!e.rechecked() && limiter.pausedAfter(e.slot())) {
                        events.add(new Event(0, e.thread(), Event.SEND, 0, true).at(limiter.reserve()));
                        break;
                    }
                    tokens = Math.min(serverRate, tokens + (e.time() - lastRefill) / (double) SECOND * serverRate);
                    lastRefill = e.time();
                    boolean ok = tokens >= 1;
                    if (ok) {
                        tokens -= 1;
                    }
                    events.add(new Event(e.time() + LATENCY, e.thread(), ok ? Event.OK : Event.THROTTLED, e.slot(),
                            false));
                    break;
                }
                case Event.OK:
                    limiter.onSuccess(e.slot());
                    successes++;
                    end = e.time();
                    events.add(new Event(e.time(), e.thread(), Event.WANT, 0, false));
                    break;
                default: {
                    throttled++;
                    long pause = retryAfterSeconds > 0 ? retryAfterSeconds * SECOND : SECOND;
                    limiter.onThrottled(e.slot(), Duration.ofNanos(pause));
                    // the thread sleeps out the delay, then waits for a slot again (same call, not a new one)
                    started--;
                    events.add(new Event(e.time() + pause, e.thread(), Event.WANT, 0, false));
                }
            }
        }
        return new Result((end - start) / (double) SECOND, successes, throttled);
    }

    @ParameterizedTest(name = "ceiling {0}/s, server {1}/s, Retry-After {2}, {3} threads")
    @CsvSource({
        "100, 50, 1, 16",     // the benchmark with the default rate
        "1000, 50, 1, 16",    // a ceiling far above the server
        "60, 50, 1, 16",      // a ceiling just above the server
        "100, 50, 0, 16",     // no Retry-After header
        "100, 20, 1, 16",     // a low endpoint limit such as run-now
        "100, 50, 1, 4",
    })
    void goodputStaysNearTheServerRateWithFewRejections(double ceiling, double serverRate, long retryAfter,
                                                          int threads) {
        Result r = simulate(ceiling, serverRate, retryAfter, threads, (int) (serverRate * 20));
        assertEquals((long) (serverRate * 20), r.successes());
        assertTrue(r.goodput() >= 0.90 * serverRate, "goodput " + r);
        assertTrue(r.throttledShare() <= 0.05, "429 share " + r);
    }

    @Test
    void aSlowStartDoesNotHideTheServerRate() {
        Result r = simulate(100, 50, 1, 16, 1000, 3 * SECOND);
        assertTrue(r.goodput() >= 0.90 * 50, "goodput " + r);
        assertTrue(r.throttledShare() <= 0.05, "429 share " + r);
    }

    @Test
    void aLongRunStaysEfficient() {
        Result r = simulate(100, 50, 1, 16, 50 * 300);
        assertTrue(r.goodput() >= 0.90 * 50, "goodput " + r);
        assertTrue(r.throttledShare() <= 0.02, "429 share " + r);
    }

    @Test
    void belowTheServerLimitNothingIsThrottledAndTheCeilingHolds() {
        Result r = simulate(40, 50, 1, 16, 400);
        assertEquals(0, r.throttled());
        assertTrue(r.goodput() <= 40.5 && r.goodput() >= 38, "goodput " + r);
    }

    @Test
    void rateRecoversSlowlyAfterCongestionEnds() {
        AtomicLong clock = new AtomicLong(10 * SECOND);
        RateLimiter limiter = new RateLimiter("sim", 100, clock::get);
        for (int i = 0; i < 100; i++) {
            limiter.onSuccess(limiter.reserve());
            clock.addAndGet(SECOND / 100);
        }
        limiter.onThrottled(limiter.reserve(), Duration.ofSeconds(1));
        double low = limiter.currentRate();
        assertTrue(low <= 50, "halved on the first 429: " + low);
        clock.addAndGet(4 * SECOND);
        limiter.onSuccess(limiter.reserve());
        assertEquals(low, limiter.currentRate(), 1e-9, "held for 5 s");
        for (int s = 0; s < 20; s++) {
            clock.addAndGet(SECOND);
            limiter.onSuccess(limiter.reserve());
        }
        double later = limiter.currentRate();
        assertTrue(later > low && later < 100, "grows slowly: " + low + " -> " + later);
        for (int s = 0; s < 300; s++) {
            clock.addAndGet(SECOND);
            limiter.onSuccess(limiter.reserve());
        }
        assertEquals(100, limiter.currentRate(), 1e-9, "back at the ceiling after a quiet spell");
    }
}
