package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;

/**
 * Sequential clusters/get latency on loopback: a bare java.net.http call + Jackson parse, our client, and
 * the SDK, one call of each in turn (rotating who goes first) so that machine noise hits all three alike.
 */
final class OverheadBenchmark {
    record Result(double rawMedianMicros, double clientMedianMicros, double sdkMedianMicros) {
        double clientOverRaw() {
            return clientMedianMicros / rawMedianMicros;
        }

        double sdkOverRaw() {
            return sdkMedianMicros / rawMedianMicros;
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private final int warmUpIterations;
    private final int measuredIterations;

    OverheadBenchmark(int warmUpIterations, int measuredIterations) {
        this.warmUpIterations = warmUpIterations;
        this.measuredIterations = measuredIterations;
    }

    Result run() throws Exception {
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            String clusterId = emulator.clusters().create("overhead", "RUNNING");
            RawHttpGet raw = new RawHttpGet(emulator.baseUrl(), clusterId);
            // Unlimited for both libraries: this measures per-call cost, not pacing (the SDK has no limiter).
            Api client = OurApi.connect(emulator.baseUrl(), Limits.UNLIMITED);
            Api sdk = SdkApi.connect(emulator.baseUrl());
            Call[] calls = {raw::getCluster, () -> client.getCluster(clusterId), () -> sdk.getCluster(clusterId)};

            long[][] samples = new long[calls.length][measuredIterations];
            for (int i = 0; i < warmUpIterations + measuredIterations; i++) {
                for (int k = 0; k < calls.length; k++) {
                    int variant = (i + k) % calls.length;
                    long start = System.nanoTime();
                    Blackhole.consume(calls[variant].run());
                    long elapsed = System.nanoTime() - start;
                    if (i >= warmUpIterations) {
                        samples[variant][i - warmUpIterations] = elapsed;
                    }
                }
            }
            return new Result(Stats.median(samples[0]) / 1e3, Stats.median(samples[1]) / 1e3,
                    Stats.median(samples[2]) / 1e3);
        }
    }
}
