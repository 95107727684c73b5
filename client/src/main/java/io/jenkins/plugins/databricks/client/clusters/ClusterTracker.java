package io.jenkins.plugins.databricks.client.clusters;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What a wait for a cluster to run says and decides at each look at the cluster, whoever looks
 * ({@link Clusters#ensureRunning} or a {@link Waiter}): TERMINATED is started (once; TERMINATED again after a
 * start is a failure), ERROR fails, PENDING/RESTARTING/RESIZING/TERMINATING are waited for, RUNNING ends it.
 */
public final class ClusterTracker {
    static final Set<String> STARTING = Set.of("PENDING", "RESTARTING", "RESIZING");

    /** What the wait does next. */
    public enum Next { DONE, START, WAIT }

    private final String clusterId;
    private String lastState;
    private boolean startSeen;
    private String name;
    private String detail = "";

    public ClusterTracker(String clusterId, String lastState, boolean startSeen) {
        this.clusterId = clusterId;
        this.lastState = lastState;
        this.startSeen = startSeen;
        this.name = clusterId;
    }

    public String lastState() {
        return lastState;
    }

    public boolean startSeen() {
        return startSeen;
    }

    /** The start request was accepted (or found the cluster already starting). */
    public void started() {
        startSeen = true;
    }

    /**
     * @throws DatabricksException {@link DatabricksException#CLUSTER_START_FAILED} when the cluster will not run
     */
    public Next observe(Map<String, Object> cluster, ProgressListener progress) {
        String state = String.valueOf(cluster.get("state"));
        name = describe(cluster, clusterId);
        detail = detail(cluster);
        String previous = lastState;
        // set before the line goes out: a listener that saves the wait's checkpoint then saves this state
        lastState = state;
        if (ClusterTracker.STARTING.contains(state)) {
            startSeen = true;
        }
        if (!state.equals(previous)) {
            progress.progress(previous == null ? "Cluster " + name + " is " + state + detail
                    : "Cluster " + name + ": " + previous + " -> " + state + detail);
        }
        if (state.equals("RUNNING")) {
            return Next.DONE;
        }
        if (state.equals("ERROR") || (state.equals("TERMINATED") && startSeen)) {
            throw new DatabricksException(DatabricksException.CLUSTER_START_FAILED, "Cluster " + name
                    + " failed to start: it is " + state + detail + termination(cluster));
        }
        if (state.equals("TERMINATED")) {
            progress.progress("Starting cluster " + name);
            return Next.START;
        }
        return Next.WAIT;
    }

    public DatabricksException timeout(Duration timeout) {
        return new DatabricksException(DatabricksException.TIMEOUT, "Cluster " + name + " did not reach RUNNING"
                + " within " + timeout + "; it is " + lastState + detail);
    }

    private static String describe(Map<String, Object> cluster, String id) {
        Object name = cluster.get("cluster_name");
        return name == null ? id : "'" + name + "' (" + id + ")";
    }

    private static String detail(Map<String, Object> cluster) {
        String message = Checks.string(cluster, "state_message");
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static String termination(Map<String, Object> cluster) {
        Object reason = cluster.get("termination_reason");
        if (!(reason instanceof Map)) {
            return "";
        }
        Map<?, ?> r = (Map<?, ?>) reason;
        StringBuilder sb = new StringBuilder(" (termination reason: ").append(r.get("code"));
        if (r.get("type") != null) {
            sb.append(", type ").append(r.get("type"));
        }
        if (r.get("parameters") instanceof Map && !((Map<?, ?>) r.get("parameters")).isEmpty()) {
            sb.append(", ").append(r.get("parameters"));
        }
        return sb.append(')').toString();
    }
}
