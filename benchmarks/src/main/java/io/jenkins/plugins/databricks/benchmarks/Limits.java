package io.jenkins.plugins.databricks.benchmarks;

/** Rate-limit settings the benchmarks give our client. */
final class Limits {
    /**
     * Far above anything loopback reaches, so the limiter never waits: the fair match for the SDK, which has
     * no client-side limiter at all.
     */
    static final double UNLIMITED = 1_000_000.0;

    private Limits() {
    }
}
