package io.jenkins.plugins.databricks.emulator.faults;

/**
 * A rate limit on wall-clock time (deliberately not the emulator clock: it limits real request rates).
 * Capacity is one second's worth of requests, refilled continuously; a rejected request takes nothing.
 * Callers synchronize.
 */
final class TokenBucket {
    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("per_second must be a positive number, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1.0, perSecond);
        this.tokens = capacity;
        this.lastNanos = System.nanoTime();
    }

    double perSecond() {
        return perSecond;
    }

    boolean hasToken() {
        refill();
        return tokens >= 1.0;
    }

    void take() {
        tokens -= 1.0;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
    }
}
