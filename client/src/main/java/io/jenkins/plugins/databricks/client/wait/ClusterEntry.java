package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.clusters.ClusterTracker;
import io.jenkins.plugins.databricks.client.clusters.ClusterWait;
import io.jenkins.plugins.databricks.client.clusters.Clusters;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** A wait for a cluster to run, starting it when needed ({@link Waiter#waitForCluster}). */
final class ClusterEntry extends WaitEntry<Map<String, Object>, ClusterWait> {
    private final String clusterId;
    private final ClusterTracker tracker;

    ClusterEntry(PollEngine engine, DatabricksClient client, ClusterWait wait, ProgressListener listener) {
        super(engine, client, listener, wait.timeout(), wait.deadline());
        this.clusterId = wait.clusterId();
        this.tracker = new ClusterTracker(wait.clusterId(), wait.lastState(), wait.startSeen());
    }

    @Override
    PollEngine.Kind kind() {
        return PollEngine.Kind.CLUSTERS;
    }

    @Override
    Object id() {
        return clusterId;
    }

    @Override
    Transport.Request readRequest() {
        return Transport.Request.json("GET", Clusters.BASE + "get", List.of(Map.entry("cluster_id", clusterId)),
                null, true);
    }

    @Override
    String readName() {
        return "clusters/get";
    }

    @Override
    boolean stillMoving(Map<String, Object> listed) {
        return Listing.CLUSTERS_MOVING.contains(String.valueOf(listed.get("state")));
    }

    @Override
    void observe(Map<String, Object> cluster, boolean read, PollEngine.Cycle cycle) {
        if (ended || result.isDone()) {
            return;
        }
        ClusterTracker.Next next = tracker.observe(cluster, lines);
        if (next == ClusterTracker.Next.DONE) {
            finish(cluster);
        } else if (next == ClusterTracker.Next.START) {
            requestStart(cycle);
        } else {
            next(cycle);
        }
    }

    /** Guarded by the group. */
    private void requestStart(PollEngine.Cycle cycle) {
        inFlight = true;
        cycle.pending++;
        // starting twice is harmless (the second answers INVALID_STATE), so the request is safe to repeat
        client.sendAsync(Transport.Request.json("POST", Clusters.BASE + "start", List.of(),
                Map.of("cluster_id", clusterId), true), engine.scheduler, engine.blocking).whenComplete((answer, error) -> {
                    List<Runnable> out = List.of();
                    try {
                        synchronized (group) {
                            boolean owner = PollEngine.openOutbox(group);
                            try {
                                started(error, cycle);
                            } finally {
                                out = PollEngine.closeOutbox(group, owner);
                            }
                        }
                    } finally {
                        PollEngine.flush(out);
                        cycle.done();
                    }
                });
    }

    /** Guarded by the group: the start request's answer. */
    private void started(Throwable error, PollEngine.Cycle cycle) {
        inFlight = false;
        if (ended || result.isDone()) {
            return;
        }
        if (error != null && !(error instanceof DatabricksException
                && "INVALID_STATE".equals(((DatabricksException) error).errorCode()))) {
            fail(error);
            return;
        }
        tracker.started();
        poll = 0;
        next(cycle);
    }

    @Override
    DatabricksException timeoutException() {
        return tracker.timeout(timeout);
    }

    @Override
    public ClusterWait checkpoint() {
        synchronized (group) {
            return new ClusterWait(clusterId, timeout, deadlineInstant,
                    tracker.lastState(), tracker.startSeen());
        }
    }

    @Override
    public CompletableFuture<String> cancel(Duration timeout) {
        Checks.timeout(timeout, "timeout");
        stop();
        result.completeExceptionally(new CancellationException("the wait for cluster " + clusterId
                + " was cancelled"));
        return CompletableFuture.completedFuture("Stopped waiting for cluster " + clusterId
                + "; it goes on starting");
    }
}
