/**
 * Clusters: {@code Clusters} (get, start, ensure running) with {@code ClusterTracker}, which decides at each look at
 * a cluster what a wait for it does next, and {@code ClusterWait}, the checkpoint of such a wait.
 *
 * <p>Depends on {@code core} and the root package; {@code wait} follows clusters through {@code ClusterTracker}.
 */
package io.jenkins.plugins.databricks.client.clusters;
