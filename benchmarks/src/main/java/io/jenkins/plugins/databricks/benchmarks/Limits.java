package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.client.RateLimiter;

/** Rate-limit settings the benchmarks give our client. */
final class Limits {
    /**
     * The highest rate the client accepts: the nearest it gets to "unlimited", the fair match for the SDK,
     * which has no client-side limiter at all.
     */
    static final double UNLIMITED = RateLimiter.MAX_RATE;

    private Limits() {
    }
}
