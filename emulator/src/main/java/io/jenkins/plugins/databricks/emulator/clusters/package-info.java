/**
 * All-purpose clusters: {@code Clusters} holds each {@code Cluster} and moves it through its {@code ClusterState}s on
 * the emulator's clock; {@code ClustersApi} serves {@code /api/2.1/clusters}.
 *
 * <p>Depends on {@code server}, {@code iam} (permissions, creators) and {@code workspace} (object types).
 */
package io.jenkins.plugins.databricks.emulator.clusters;
