package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.time.Duration;

/**
 * Fresh emulators for each scenario. A new emulator listens on a new port, so it is a new host to the
 * client's JVM-wide per-host rate limiter: no scenario inherits another's limiter state or counters.
 */
final class Workspaces {
    static final String TOKEN = "dapi-benchmark";

    private Workspaces() {
    }

    static DatabricksEmulator plain() throws Exception {
        return DatabricksEmulator.builder().token(TOKEN).start();
    }

    static DatabricksEmulator withClusterStart(Duration startDuration) throws Exception {
        return DatabricksEmulator.builder().token(TOKEN).clusterStartDuration(startDuration).start();
    }
}
