package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Starts a cluster and, by default, waits until it is RUNNING. The client decides what each cluster state
 * calls for (start a TERMINATED cluster, let a TERMINATING one stop first, just wait for PENDING ones) and
 * fails with the cluster's {@code state_message} and {@code termination_reason} when it cannot start.
 */
public final class StartClusterOperation implements DatabricksOperation {

    public static final int DEFAULT_TIMEOUT_MINUTES = 20;

    private final String clusterId;
    private final boolean wait;
    private final int timeoutMinutes;

    public StartClusterOperation(String clusterId, boolean wait, int timeoutMinutes) throws AbortException {
        this.clusterId = Arguments.required("clusterId", clusterId,
                "the id of the cluster to start, such as 0123-456789-abcdefgh");
        this.wait = wait;
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
    }

    public String clusterId() {
        return clusterId;
    }

    public int timeoutMinutes() {
        return timeoutMinutes;
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws InterruptedException {
        PrintStream log = listener.getLogger();
        if (!wait) {
            Map<String, Object> cluster = client.clusters().start(clusterId);
            log.println("Databricks cluster " + clusterId + " asked to start (not waiting); state "
                    + cluster.get("state"));
            return cluster;
        }
        log.println("Databricks cluster " + clusterId + ": waiting up to " + timeoutMinutes
                + " min for RUNNING");
        // The client reports the cluster's state changes (with state_message) as they happen.
        return client.clusters().ensureRunning(clusterId, Duration.ofMinutes(timeoutMinutes), log::println);
    }
}
