package io.jenkins.plugins.databricks.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The operations the benchmarks compare, as one client or another offers them. Each call returns what a
 * caller would hold on to, so no variant can skip parsing the answer.
 */
interface Api {

    String name();

    Object getCluster(String clusterId) throws Exception;

    Object getClusterPermissions(String clusterId) throws Exception;

    Object listSecretScopes() throws Exception;

    /** Every cluster of the workspace, all pages, materialized. */
    List<?> listAllClusters() throws Exception;

    /** Starts a TERMINATED cluster and returns once it is RUNNING. */
    Object startAndWait(String clusterId, Duration timeout) throws Exception;

    /** The mix the throughput benchmark runs: clusters/get, permissions get, secrets scopes list in turn. */
    default Object mixedCall(long sequence, String clusterId) throws Exception {
        switch ((int) (sequence % 3)) {
            case 0:
                return getCluster(clusterId);
            case 1:
                return getClusterPermissions(clusterId);
            default:
                return listSecretScopes();
        }
    }
}
