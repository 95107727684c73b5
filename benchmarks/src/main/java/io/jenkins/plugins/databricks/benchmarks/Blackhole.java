package io.jenkins.plugins.databricks.benchmarks;

/** Keeps the JIT from proving a call's answer unused and dropping the work that produced it. */
final class Blackhole {
    private static volatile int sink;

    private Blackhole() {
    }

    static void consume(Object value) {
        sink += System.identityHashCode(value);
    }
}
