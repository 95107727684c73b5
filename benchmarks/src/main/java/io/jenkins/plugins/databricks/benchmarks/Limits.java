package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.client.policy.RateLimiter;

/** Rate-limit settings the benchmarks give our client. */
final class Limits {
    /**
     * No client-side ceiling, the fair match for the SDK, which has no client-side limiter at all. (The highest
     * finite rate, {@link RateLimiter#MAX_RATE} = 10,000/s, is below what both libraries do on loopback, so it
     * would cap our throughput, not measure it.)
     */
    static final double UNLIMITED = RateLimiter.UNLIMITED;

    private Limits() {
    }
}
