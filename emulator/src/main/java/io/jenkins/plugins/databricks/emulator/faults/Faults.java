package io.jenkins.plugins.databricks.emulator.faults;

import io.jenkins.plugins.databricks.emulator.server.PathPattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fault injection, set by an embedding test or by {@code POST /emulator/faults}: rate limits per path and
 * a queue of one-shot faults for the next N matching requests. Thread-safe.
 */
public final class Faults {
    private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
    private final List<NextFaults> queue = new ArrayList<>();

    private static final class RateLimit {
        final PathPattern path;
        final TokenBucket bucket;
        final long retryAfterSeconds;

        RateLimit(PathPattern path, TokenBucket bucket, long retryAfterSeconds) {
            this.path = path;
            this.bucket = bucket;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static final class NextFaults {
        final PathPattern path;
        final Fault fault;
        int remaining;

        NextFaults(PathPattern path, Fault fault, int remaining) {
            this.path = path;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** What a workspace's 429 says when a limit or fault does not choose: {@code Retry-After: 1}. */
    public static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    /** {@link #rateLimit(String, double, long)} with the workspace's usual {@code Retry-After: 1}. */
    public Faults rateLimit(String path, double perSecond) {
        return rateLimit(path, perSecond, DEFAULT_RETRY_AFTER_SECONDS);
    }

    /**
     * Limits requests to {@code path} (exact, or a prefix ending with {@code *}) to {@code perSecond};
     * beyond it they answer 429 REQUEST_LIMIT_EXCEEDED with {@code Retry-After: retryAfterSeconds}
     * (no header when it is 0). Setting a limit for the same path again replaces it.
     */
    public Faults rateLimit(String path, double perSecond, long retryAfterSeconds) {
        Objects.requireNonNull(path, "path");
        TokenBucket bucket = new TokenBucket(perSecond);
        synchronized (this) {
            rateLimits.put(path, new RateLimit(new PathPattern(path), bucket, Math.max(0, retryAfterSeconds)));
        }
        return this;
    }

    /** The next {@code count} requests matching {@code path} (null = any path) get {@code fault}. */
    public Faults next(int count, String path, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        synchronized (this) {
            queue.add(new NextFaults(new PathPattern(path), fault, count));
        }
        return this;
    }

    /** Removes every rate limit and pending fault. */
    public synchronized void clear() {
        rateLimits.clear();
        queue.clear();
    }

    /** How many queued one-shot faults are still to be served (all paths). */
    public synchronized int pending() {
        return queue.stream().mapToInt(n -> n.remaining).sum();
    }

    /**
     * Decides the fault for one request, consuming it: a rate-limit rejection first, then the oldest queued
     * fault matching the path. Null means answer normally.
     */
    public synchronized Fault admit(String path) {
        List<RateLimit> matching = new ArrayList<>();
        for (RateLimit r : rateLimits.values()) {
            if (r.path.matches(path)) {
                if (!r.bucket.hasToken()) {
                    return Fault.rateLimited(r.retryAfterSeconds);
                }
                matching.add(r);
            }
        }
        matching.forEach(r -> r.bucket.take());
        for (Iterator<NextFaults> it = queue.iterator(); it.hasNext(); ) {
            NextFaults n = it.next();
            if (n.path.matches(path)) {
                if (--n.remaining <= 0) {
                    it.remove();
                }
                return n.fault;
            }
        }
        return null;
    }

    public synchronized Map<String, Object> describe() {
        List<Map<String, Object>> limits = new ArrayList<>();
        for (RateLimit r : rateLimits.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", r.path.toString());
            m.put("per_second", r.bucket.perSecond());
            m.put("retry_after", r.retryAfterSeconds);
            limits.add(m);
        }
        List<Map<String, Object>> next = new ArrayList<>();
        for (NextFaults n : queue) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", n.path.toString());
            m.put("remaining", n.remaining);
            m.put("fault", n.fault.toString());
            next.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate_limits", limits);
        out.put("next", next);
        return out;
    }
}
