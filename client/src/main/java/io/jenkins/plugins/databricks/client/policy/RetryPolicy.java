package io.jenkins.plugins.databricks.client.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * When and how long the client waits before repeating a failed request. Immutable; the {@code with...}
 * methods return changed copies.
 *
 * <p>Which failures are retried:
 * <ul>
 *   <li>always (the server did not act on the request): 429, 503, a refused or timed-out connect, and a
 *       connection closed before any answer;</li>
 *   <li>only for requests that are safe to repeat (GET, PUT, DELETE, and operations that declare it):
 *       500, 502, 504, a request that timed out waiting for its answer, a connection closed part-way through
 *       the answer, and a 2xx answer whose JSON is cut short;</li>
 *   <li>never: every other status (400, 401 after the one token refresh, 403, 404, 409, ...).</li>
 * </ul>
 *
 * <p>How long: the server's {@code Retry-After} (seconds or an HTTP date) when it sends one, otherwise
 * exponential backoff ({@code initial * 2^(retry-1)}, capped) plus up to 25% random jitter so that clients
 * that failed together do not retry together. Bounded by {@link #maxAttempts()} (requests, counting the first)
 * and {@link #totalBudget()} (from the first attempt; a wait that would end past it is not started).
 *
 * <p>Defaults, close to the Databricks SDKs: 5 attempts (the Java SDK makes 4, the Go SDK retries until its
 * budget ends), a 5-minute budget (Go and Python SDKs), backoff from 1 s doubling to at most 60 s (Java SDK).
 */
public final class RetryPolicy {
    /** Default number of requests, counting the first. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default total time for one call including every wait. */
    public static final Duration DEFAULT_TOTAL_BUDGET = Duration.ofMinutes(5);
    /** Default first backoff delay. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default upper bound of one backoff delay (before jitter). */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    private static final RetryPolicy DEFAULTS = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_TOTAL_BUDGET,
            DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, Sleeper.SYSTEM, Clock.systemUTC());

    /** Waits for a duration; replaceable so that tests need not sleep. Must honour interrupts. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Parks the current thread until the time has passed. Not {@link Thread#sleep(long, int)}: on JDK 17 that
         * rounds any sub-millisecond part up to a whole extra millisecond, so the rate limiter's 100 µs waits
         * at high rates took 1.1 ms. Wakes up early only to throw {@link InterruptedException}.
         */
        Sleeper SYSTEM = Sleeper::park;

        /**
         * Waits for the given time.
         *
         * @param duration how long; zero or negative returns at once
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;

        private static void park(Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            // saturate: Duration.toNanos() throws past ~292 years, and "forever" should still be interruptible
            long total = duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
                    ? Long.MAX_VALUE : duration.toNanos();
            long start = System.nanoTime();
            // parkNanos may return early (spurious wake-up, unpark, interrupt), so park again for what is left
            for (long left = total; left > 0; left = total - (System.nanoTime() - start)) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    private final int maxAttempts;
    private final Duration totalBudget;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final Clock clock;

    private RetryPolicy(int maxAttempts, Duration totalBudget, Duration initialBackoff, Duration maxBackoff,
                        Sleeper sleeper, Clock clock) {
        this.maxAttempts = maxAttempts;
        this.totalBudget = totalBudget;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** @return the default policy (see the class description) */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** @return a policy that sends every request once and never retries */
    public static RetryPolicy none() {
        return DEFAULTS.withMaxAttempts(1);
    }

    /**
     * @param maxAttempts requests per call counting the first, 1 (no retry) to 100
     * @return a copy with that bound
     */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100, got " + maxAttempts);
        }
        return new RetryPolicy(maxAttempts, totalBudget, initialBackoff, maxBackoff, sleeper, clock);
    }

    /**
     * @param totalBudget the longest one call may take including its waits; positive
     * @return a copy with that budget
     */
    public RetryPolicy withTotalBudget(Duration totalBudget) {
        requirePositive(totalBudget, "totalBudget");
        return new RetryPolicy(maxAttempts, totalBudget, initialBackoff, maxBackoff, sleeper, clock);
    }

    /**
     * @param initial the first backoff delay; positive
     * @param max the largest backoff delay before jitter; at least {@code initial}
     * @return a copy with that backoff
     */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        requirePositive(initial, "initialBackoff");
        requirePositive(max, "maxBackoff");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + max + ") must not be shorter than initialBackoff ("
                    + initial + ")");
        }
        return new RetryPolicy(maxAttempts, totalBudget, initial, max, sleeper, clock);
    }

    /**
     * @param sleeper how to wait between attempts (and for the host's rate limiter); tests pass a fake
     * @return a copy using it
     */
    public RetryPolicy withSleeper(Sleeper sleeper) {
        return new RetryPolicy(maxAttempts, totalBudget, initialBackoff, maxBackoff,
                Objects.requireNonNull(sleeper, "sleeper"), clock);
    }

    /**
     * @param clock the time source for the budget and for {@code Retry-After} dates
     * @return a copy using it
     */
    public RetryPolicy withClock(Clock clock) {
        return new RetryPolicy(maxAttempts, totalBudget, initialBackoff, maxBackoff, sleeper,
                Objects.requireNonNull(clock, "clock"));
    }

    /** @return requests per call counting the first */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the longest one call may take including its waits */
    public Duration totalBudget() {
        return totalBudget;
    }

    /** @return the first backoff delay */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the largest backoff delay before jitter */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return how this policy waits */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return this policy's time source */
    public Clock clock() {
        return clock;
    }

    /**
     * Whether an HTTP status is worth another attempt.
     *
     * @param status the status of the answer
     * @param safeToRepeat whether repeating the request cannot do something twice
     * @return true to retry
     */
    public boolean retriesStatus(int status, boolean safeToRepeat) {
        if (status == 429 || status == 503) {
            return true;
        }
        return safeToRepeat && (status == 500 || status == 502 || status == 504);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retry 1-based retry number
     * @param retryAfter the {@code Retry-After} header of the answer, or null
     * @return the server's requested delay, else backoff with jitter
     */
    public Duration delayBefore(int retry, String retryAfter) {
        Duration fromServer = parseRetryAfter(retryAfter);
        return fromServer != null ? fromServer : backoff(retry);
    }

    /**
     * The backoff delay before retry number {@code retry}, with jitter.
     *
     * @param retry 1-based retry number
     * @return between the capped exponential delay and 25% more
     */
    public Duration backoff(int retry) {
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        int shift = Math.max(0, Math.min(retry - 1, 40));
        long base = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        long jitter = (long) (base * 0.25 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos(base + jitter);
    }

    /**
     * Reads a {@code Retry-After} header: delta seconds (a decimal is tolerated) or an HTTP date.
     *
     * @param header the header value, may be null
     * @return the delay, never negative, or null when absent or unreadable
     */
    Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            double seconds = Double.parseDouble(h);
            if (seconds >= 0 && seconds < 1e7) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
            return null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), when.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + d);
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", totalBudget=" + totalBudget + ", backoff="
                + initialBackoff + ".." + maxBackoff + "]";
    }
}
