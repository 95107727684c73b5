package io.jenkins.plugins.databricks.client.policy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Paces the requests to one workspace host. There is one limiter per host in the JVM, shared by every client
 * of that host (a Jenkins controller runs many builds against the same workspace at once).
 *
 * <p>Requests are spaced {@code 1/rate} apart, except that a host that has been quiet may send up to
 * {@link #BURST} worth of requests at once (a token bucket holding 50 ms of the rate: 5 requests at 100/s). Without
 * that, requests arriving together well under the rate still queued behind each other, and at high rates the
 * waits cost more than the spacing they enforce. Over any stretch of time {@code T} no more than
 * {@code rate * (T + 50 ms)} requests are sent. When the server answers 429 the limiter slows down instead of
 * letting threads hammer it:
 * <ul>
 *   <li>every thread of the host waits until the {@code Retry-After} time (or the backoff) has passed, then
 *       they resume one slot at a time (no burst at the end of a pause);</li>
 *   <li>the rate drops to 95% of the rate the server sustained over the last 10 s, estimated from the
 *       successes in that time allowing for the burst a server-side token bucket admits (see
 *       {@code sustainedRateEstimate});</li>
 *   <li>429s of requests sent before the drop do not drop the rate again (they are the same congestion);</li>
 *   <li>after a 5 s hold the rate grows additively: 1% of the configured rate per second, but only 1% of the
 *       rate the server last sustained while within -10%..+20% of it, so the rate stays close to what the
 *       server takes for a long time before probing past it again;</li>
 *   <li>five minutes after the last 429 the last sustained rate is forgotten.</li>
 * </ul>
 * The configured rate is a ceiling; a rate is never lowered below {@link #MIN_RATE}. {@link #UNLIMITED} sets no
 * ceiling: requests are not paced until a 429, and the rate climbs back to unlimited after it.
 */
public final class RateLimiter {
    /**
     * Requests per second per host when none is configured. As high as the highest per-endpoint limits
     * Databricks publishes (runs/get, permissions GET: 100/s), so that the client never holds back what the
     * server would take; lower endpoint limits are found through 429 answers and adapted to. Unlike the
     * Go SDK's 15/s per client, this limit is shared by every build of a Jenkins controller.
     */
    public static final double DEFAULT_RATE = 100.0;
    /** The lowest rate the adaptation goes to, requests per second. */
    public static final double MIN_RATE = 1.0;
    /**
     * The highest finite rate that can be configured, requests per second. Kept at 10,000 rather than raised: it
     * is a hundred times the highest per-endpoint limits Databricks is known to apply (about 100/s), so a larger
     * number is more likely a typo than a plan; {@link #UNLIMITED} says "no client-side ceiling" explicitly.
     */
    public static final double MAX_RATE = 10_000.0;
    /**
     * No ceiling ({@link Double#POSITIVE_INFINITY}): requests are never paced until the server answers 429, then
     * adapt as usual. For callers that limit their requests elsewhere, and for measuring the client itself.
     */
    public static final double UNLIMITED = Double.POSITIVE_INFINITY;
    /**
     * How far ahead of strict {@code 1/rate} spacing a request may go after a quiet spell: the burst is this much
     * time's worth of the rate. Short against the one second's worth that server-side buckets admit, so it does
     * not provoke 429s that strict spacing would avoid.
     */
    public static final Duration BURST = Duration.ofMillis(50);

    /**
     * How long a limiter may go unused before the JVM forgets it: longer than anything it remembers (the 10 s
     * window, the 5 minute memory of the last 429).
     */
    public static final Duration IDLE_EVICTION = Duration.ofMinutes(15);
    private static final long EVICTION_INTERVAL = 60_000_000_000L;

    private static final Map<String, RateLimiter> HOSTS = new ConcurrentHashMap<>();
    private static volatile long lastEviction = System.nanoTime();

    private static final long SECOND = 1_000_000_000L;
    private static final long WINDOW = 10 * SECOND;
    private static final long SLICE = SECOND / 10;
    private static final long HOLD = 5 * SECOND;
    private static final long FORGET = 5 * 60 * SECOND;
    private static final double MARGIN = 0.95;
    private static final long BURST_NANOS = BURST.toNanos();

    private final String host;
    private final LongSupplier nanoTime;
    private final long[] successSlices = new long[(int) (WINDOW / SLICE)];
    private long sliceEpoch;
    private double ceiling;
    private double rate;
    private double acceptedRate;
    private long nextSlot;
    private long pausedUntil;
    private long lastDecrease;
    private long lastIncrease;
    private long activeSince;
    private long lastActivity;
    private long lastTouch;
    private boolean decreased;

    RateLimiter(String host, double ceiling, LongSupplier nanoTime) {
        this.host = host;
        this.nanoTime = nanoTime;
        this.ceiling = ceiling;
        this.rate = ceiling;
        long now = nanoTime.getAsLong();
        this.nextSlot = now;
        this.pausedUntil = now;
        this.activeSince = now;
        this.lastActivity = now;
        this.lastTouch = now;
        this.sliceEpoch = Math.floorDiv(now, SLICE);
    }

    /**
     * The limiter of a host, created with {@link #DEFAULT_RATE} on first use.
     *
     * @param host a normalized host ({@code https://authority})
     * @return the JVM-wide limiter of that host
     */
    public static RateLimiter forHost(String host) {
        return shared(host, null, null);
    }

    /**
     * The limiter of a host with its configured rate set to {@code ratePerSecond}; the latest configuration
     * wins for every client of the host.
     *
     * @param host a normalized host
     * @param ratePerSecond requests per second, from more than 0 to {@link #MAX_RATE}, or {@link #UNLIMITED}
     * @return the JVM-wide limiter of that host
     */
    public static RateLimiter forHost(String host, double ratePerSecond) {
        return shared(host, null, ratePerSecond);
    }

    /**
     * The JVM-wide limiter of a host within a scope: clients of one host and scope share it, other scopes of the
     * same host have limiters of their own, so one caller's traffic can neither pause nor use up another's.
     * Limiters nobody used for {@link #IDLE_EVICTION} are dropped (a later client starts a fresh one), so hosts
     * that came and went do not accumulate.
     *
     * @param host a normalized host
     * @param scope null for the host's common limiter, or a name kept apart from it
     * @param ratePerSecond the ceiling to configure, or null to keep the current one ({@link #DEFAULT_RATE} when new)
     * @return the limiter
     */
    public static RateLimiter shared(String host, String scope, Double ratePerSecond) {
        if (ratePerSecond != null) {
            validateRate(ratePerSecond);
        }
        long now = System.nanoTime();
        evictIdle(now);
        String key = scope == null ? host : host + '\n' + scope;
        RateLimiter limiter = HOSTS.computeIfAbsent(key,
                k -> new RateLimiter(host, ratePerSecond == null ? DEFAULT_RATE : ratePerSecond, System::nanoTime));
        if (ratePerSecond != null) {
            limiter.configure(ratePerSecond);
        }
        limiter.touch();
        return limiter;
    }

    /**
     * Drops the limiters that have been idle (no client built and no request sent) for {@link #IDLE_EVICTION}
     * and are not pausing their host. Runs at most once a minute.
     *
     * @param now the current {@link System#nanoTime()}
     */
    private static void evictIdle(long now) {
        if (now - lastEviction < EVICTION_INTERVAL) {
            return;
        }
        lastEviction = now;
        evictIdleAfter(Duration.ZERO);
    }

    /** Drops the limiters that will be idle {@code later} from now, each by its own clock; tests look ahead. */
    public static void evictIdleAfter(Duration later) {
        HOSTS.values().removeIf(l -> l.idleAt(l.nanoTime.getAsLong() + later.toNanos()));
    }

    /** @return how many limiters the JVM holds, for tests */
    public static int sharedCount() {
        return HOSTS.size();
    }

    private synchronized void touch() {
        lastTouch = nanoTime.getAsLong();
    }

    private synchronized boolean idleAt(long now) {
        return now - Math.max(lastTouch, lastActivity) > IDLE_EVICTION.toNanos() && now - pausedUntil > 0;
    }

    /**
     * Replaces the limiter of a host with a fresh one that reads time from {@code nanoTime}, so a test can decide
     * what "now" is while requests still go over real sockets.
     */
    static RateLimiter replaceForHost(String host, double ratePerSecond, LongSupplier nanoTime) {
        validateRate(ratePerSecond);
        RateLimiter limiter = new RateLimiter(host, ratePerSecond, nanoTime);
        HOSTS.put(host, limiter);
        return limiter;
    }

    public static void validateRate(double ratePerSecond) {
        if (!(ratePerSecond > 0) || (ratePerSecond > MAX_RATE && ratePerSecond != UNLIMITED)) {
            throw new IllegalArgumentException("rateLimit must be a number of requests per second greater than 0 and"
                    + " at most " + (long) MAX_RATE + ", or RateLimiter.UNLIMITED (Infinity), got " + ratePerSecond);
        }
    }

    /**
     * Sets the ceiling; the current rate follows it down at once, and up through the usual recovery.
     *
     * @param ratePerSecond requests per second, from more than 0 to {@link #MAX_RATE}, or {@link #UNLIMITED}
     */
    public synchronized void configure(double ratePerSecond) {
        validateRate(ratePerSecond);
        if (ratePerSecond != ceiling) {
            boolean neverThrottled = !decreased;
            ceiling = ratePerSecond;
            rate = neverThrottled ? ceiling : Math.min(rate, ceiling);
        }
    }

    /** @return the host this limiter paces */
    public String host() {
        return host;
    }

    /** @return the configured ceiling in requests per second */
    public synchronized double configuredRate() {
        return ceiling;
    }

    /** @return the rate in force now, requests per second (lower than the ceiling after 429 answers) */
    public synchronized double currentRate() {
        return rate;
    }

    /**
     * Waits for this thread's turn to send a request.
     *
     * @param sleeper how to wait
     * @return a permit (the time slot granted) to hand back to {@link #onSuccess} or {@link #onThrottled}
     * @throws InterruptedException when interrupted while waiting; the slot is then given up
     */
    public long acquire(RetryPolicy.Sleeper sleeper) throws InterruptedException {
        long slot = reserve();
        sleepUntil(slot, sleeper);
        // a 429 seen while this thread slept for its slot pauses it too; checked once so a fake sleeper ends
        if (!pausedAfter(slot)) {
            return slot;
        }
        slot = reserve();
        sleepUntil(slot, sleeper);
        return slot;
    }

    private void sleepUntil(long slot, RetryPolicy.Sleeper sleeper) throws InterruptedException {
        long wait = slot - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Nanoseconds from now until a slot {@link #reserve()} granted; zero or less when it has come. */
    public long nanosUntil(long slot) {
        return slot - nanoTime.getAsLong();
    }

    /** Whether a pause was set after {@code slot} was granted that reaches past it. */
    public synchronized boolean pausedAfter(long slot) {
        return pausedUntil > slot;
    }

    /**
     * Grants the next slot: no earlier than now or the end of a pause, and 1/rate after the previous slot, which
     * may lie up to {@link #BURST} in the past (the unused part of a quiet spell).
     *
     * @return when to send, never before now
     */
    public synchronized long reserve() {
        long now = nanoTime.getAsLong();
        if (now - lastActivity > WINDOW) {
            activeSince = now;
        }
        lastActivity = now;
        long slot = Math.max(Math.max(nextSlot, now - BURST_NANOS), pausedUntil);
        nextSlot = slot + (long) (SECOND / rate);
        // the send time, not the bucket's position: permits are compared with the time of the last rate drop
        return Math.max(slot, now);
    }

    /**
     * Records an answer that was not a 429, and lets the rate recover.
     *
     * @param permit what {@link #acquire} returned for the request
     */
    public synchronized void onSuccess(long permit) {
        long now = nanoTime.getAsLong();
        countSuccess(now);
        if (!decreased) {
            return;
        }
        if (now - lastDecrease > FORGET) {
            acceptedRate = ceiling;
        }
        if (rate >= ceiling || now - lastDecrease < HOLD) {
            lastIncrease = now;
            return;
        }
        boolean nearAccepted = rate >= 0.9 * acceptedRate && rate <= 1.2 * acceptedRate;
        // without a ceiling, grow as from the highest finite one and give up pacing once past it
        double growthBase = Math.min(ceiling, MAX_RATE);
        double perSecond = nearAccepted ? Math.max(0.1, 0.01 * acceptedRate) : 0.01 * growthBase;
        double elapsed = (now - lastIncrease) / (double) SECOND;
        double grown = rate + perSecond * elapsed;
        rate = grown > growthBase ? ceiling : grown;
        lastIncrease = now;
    }

    /**
     * Records a 429: pauses the whole host for {@code pause} and lowers the rate once per congestion event.
     *
     * @param permit what {@link #acquire} returned for the rejected request
     * @param pause how long the server asked to wait ({@code Retry-After}) or the backoff
     */
    public synchronized void onThrottled(long permit, Duration pause) {
        long now = nanoTime.getAsLong();
        pausedUntil = Math.max(pausedUntil, now + pause.toNanos());
        if (decreased && permit < lastDecrease) {
            return;
        }
        double measured = sustainedRateEstimate(now);
        double target = Math.min(rate, measured) * MARGIN;
        acceptedRate = measured;
        rate = Math.max(MIN_RATE, Math.min(ceiling, target));
        decreased = true;
        lastDecrease = now;
        lastIncrease = now;
    }

    private void countSuccess(long now) {
        advanceSlices(now);
        successSlices[Math.floorMod(Math.floorDiv(now, SLICE), successSlices.length)]++;
    }

    /**
     * The rate the server sustains, estimated from the successes of the last 10 s. Servers and gateways limit
     * with token buckets that also admit a burst, commonly one second's worth, so N successes in any window of
     * T seconds mean a sustained rate of at least N / (T + 1 s); the estimate is the best such bound over the
     * windows ending now (0.1 s to 10 s long). Short windows catch a fast recent stretch that an average over
     * a slowly started period would hide; the +1 s keeps the burst out of the estimate.
     */
    private double sustainedRateEstimate(long now) {
        advanceSlices(now);
        long current = Math.floorDiv(now, SLICE);
        long n = 0;
        double best = 0;
        for (int k = 0; k < successSlices.length; k++) {
            n += successSlices[Math.floorMod(current - k, successSlices.length)];
            long windowStart = (current - k) * SLICE;
            long span = now - Math.max(windowStart, activeSince);
            best = Math.max(best, n * (double) SECOND / (span + SECOND));
            if (windowStart <= activeSince) {
                break;
            }
        }
        return best;
    }

    /** Clears the slices that fell out of the window since the last call. */
    private void advanceSlices(long now) {
        long epoch = Math.floorDiv(now, SLICE);
        long steps = Math.min(epoch - sliceEpoch, successSlices.length);
        for (long i = 1; i <= steps; i++) {
            successSlices[Math.floorMod(sliceEpoch + i, successSlices.length)] = 0;
        }
        if (epoch > sliceEpoch) {
            sliceEpoch = epoch;
        }
    }

    @Override
    public synchronized String toString() {
        return "RateLimiter[" + host + ", rate=" + String.format(java.util.Locale.ROOT, "%.1f", rate) + "/s of "
                + ceiling + "/s]";
    }
}
