package io.jenkins.plugins.databricks.client.clusters;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cluster operations ({@code /api/2.1/clusters/*}). Obtained from {@link DatabricksClient#clusters()}.
 */
public final class Clusters {
    /** Every state a cluster reports. */
    public static final List<String> STATES = List.of("PENDING", "RUNNING", "RESTARTING", "RESIZING", "TERMINATING",
            "TERMINATED", "ERROR", "UNKNOWN");
    /** The default timeout of {@link #ensureRunning}, as in the Databricks SDKs. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(20);

    public static final String BASE = "/api/2.1/clusters/";
    private static final String EXAMPLE_ID = "0123-456789-abcdefgh";
    private static final int PAGE_SIZE = 100;

    private final DatabricksClient client;

    public Clusters(DatabricksClient client) {
        this.client = client;
    }

    /**
     * Reads a cluster.
     *
     * @param clusterId the cluster id
     * @return the cluster object ({@code cluster_id}, {@code cluster_name}, {@code state}, ...)
     * @throws InterruptedException when interrupted
     * @throws DatabricksException on failure; {@link DatabricksException#isNotFound()} for an unknown id
     */
    public Map<String, Object> get(String clusterId) throws InterruptedException {
        String id = Checks.id(clusterId, "clusterId", EXAMPLE_ID);
        return Checks.map(client.send("GET", BASE + "get", List.of(Map.entry("cluster_id", id)), null, true),
                "clusters/get");
    }

    /**
     * Lists every cluster, following all pages.
     *
     * @return the clusters
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> list() throws InterruptedException {
        return list(List.of());
    }

    /**
     * Lists the clusters in the given states, following all pages.
     *
     * @param states states to keep (see {@link #STATES}); empty or null for all
     * @return the clusters
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> list(Collection<String> states) throws InterruptedException {
        List<String> filter = new ArrayList<>();
        if (states != null) {
            for (String s : states) {
                filter.add(Checks.oneOf(s, "states", STATES));
            }
        }
        List<Map<String, Object>> all = new ArrayList<>();
        Set<String> seenTokens = new HashSet<>();
        String token = null;
        do {
            List<Map.Entry<String, String>> q = new ArrayList<>();
            q.add(Map.entry("page_size", String.valueOf(PAGE_SIZE)));
            for (String s : filter) {
                q.add(Map.entry("filter_by.cluster_states", s));
            }
            if (token != null) {
                q.add(Map.entry("page_token", token));
            }
            Map<String, Object> page = Checks.map(client.send("GET", BASE + "list", q, null, true), "clusters/list");
            all.addAll(Checks.listOfMaps(page, "clusters"));
            token = Checks.string(page, "next_page_token");
            if (token != null && !token.isEmpty() && !seenTokens.add(token)) {
                throw new DatabricksException("UNEXPECTED_RESPONSE", "clusters/list returned the page token '"
                        + token + "' twice; stopping to avoid an endless listing");
            }
        } while (token != null && !token.isEmpty());
        return all;
    }

    /**
     * Asks a cluster to start without waiting. Safe to repeat. A cluster that is already running or starting is
     * fine.
     *
     * @param clusterId the cluster id
     * @return the cluster as read after the request
     * @throws InterruptedException when interrupted
     * @throws DatabricksException when the cluster cannot be started (for example while it is terminating)
     */
    public Map<String, Object> start(String clusterId) throws InterruptedException {
        String id = Checks.id(clusterId, "clusterId", EXAMPLE_ID);
        try {
            requestStart(id);
        } catch (DatabricksException e) {
            if (!"INVALID_STATE".equals(e.errorCode())) {
                throw e;
            }
            Map<String, Object> cluster = get(id);
            String state = Checks.string(cluster, "state");
            if ("RUNNING".equals(state) || ClusterTracker.STARTING.contains(state)) {
                return cluster;
            }
            throw e;
        }
        return get(id);
    }

    private void requestStart(String id) throws InterruptedException {
        // starting twice is harmless (the second answers INVALID_STATE), so the request is safe to repeat
        client.send("POST", BASE + "start", List.of(), Map.of("cluster_id", id), true);
    }

    /**
     * Makes sure a cluster is running and waits until it is: a TERMINATED cluster is started; a TERMINATING one
     * is waited for until TERMINATED, then started; PENDING, RESTARTING and RESIZING are waited for.
     *
     * @param clusterId the cluster id
     * @param timeout how long to wait in all; positive (the SDKs use {@link #DEFAULT_START_TIMEOUT})
     * @param listener receives a line at the start request and at every state change; may be null
     * @return the cluster object in state RUNNING
     * @throws InterruptedException when interrupted (the cluster keeps starting)
     * @throws DatabricksException with code {@link DatabricksException#CLUSTER_START_FAILED} when the cluster
     *         ends in TERMINATED or ERROR while starting (the message has its state message and termination
     *         reason), {@link DatabricksException#TIMEOUT} when the timeout passes, or a request failure
     */
    public Map<String, Object> ensureRunning(String clusterId, Duration timeout, ProgressListener listener)
            throws InterruptedException {
        String id = Checks.id(clusterId, "clusterId", EXAMPLE_ID);
        Checks.timeout(timeout, "timeout");
        ProgressListener progress = Checks.listener(listener);
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterTracker tracker = new ClusterTracker(id, null, false);
        int poll = 0;
        while (true) {
            Map<String, Object> cluster = get(id);
            ClusterTracker.Next next = tracker.observe(cluster, progress);
            if (next == ClusterTracker.Next.DONE) {
                return cluster;
            }
            if (next == ClusterTracker.Next.START) {
                try {
                    requestStart(id);
                } catch (DatabricksException e) {
                    if (!"INVALID_STATE".equals(e.errorCode())) {
                        throw e;
                    }
                    // someone else started it between our read and our request: keep waiting
                }
                tracker.started();
                poll = 0;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw tracker.timeout(timeout);
            }
            client.pollSchedule().sleepBefore(++poll, deadline);
        }
    }

    /**
     * Terminates a cluster (keeps its configuration; {@code clusters/delete}). Safe to repeat: terminating a
     * terminated cluster changes nothing.
     *
     * @param clusterId the cluster id
     * @throws InterruptedException when interrupted
     */
    public void terminate(String clusterId) throws InterruptedException {
        String id = Checks.id(clusterId, "clusterId", EXAMPLE_ID);
        client.send("POST", BASE + "delete", List.of(), Map.of("cluster_id", id), true);
    }
}
