package io.jenkins.plugins.databricks.client.clusters;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a wait for a cluster to run needs, and all it has to persist to be resumed after a restart (see
 * {@link RunWait}). {@code startSeen} matters: a cluster found TERMINATED after its start was seen has failed
 * to start and is not started a second time.
 *
 * @param clusterId the cluster
 * @param timeout the wait's timeout as given, for messages
 * @param deadline when the wait fails with {@link DatabricksException#TIMEOUT}, on the waiter's clock
 * @param lastState the last state reported to the progress listener, or null if none yet
 * @param startSeen whether the cluster was seen starting or asked to start
 */
public record ClusterWait(String clusterId, Duration timeout, Instant deadline, String lastState, boolean startSeen)
        implements Serializable {
    public ClusterWait {
        clusterId = Checks.id(clusterId, "clusterId", "0123-456789-abcdefgh");
        Checks.timeout(timeout, "timeout");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * A new wait: makes sure the cluster runs (starting it if it is terminated) and waits until it does.
     *
     * @param clusterId the cluster
     * @param timeout how long to wait from now; positive ({@link Clusters#DEFAULT_START_TIMEOUT} as the SDKs)
     * @param clock the waiter's clock ({@link Waiter#clock()})
     * @return the wait
     */
    public static ClusterWait of(String clusterId, Duration timeout, Clock clock) {
        return new ClusterWait(clusterId, Checks.timeout(timeout, "timeout"),
                Instant.ofEpochMilli(clock.millis()).plus(timeout), null,
                false);
    }
}
