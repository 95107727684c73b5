package io.jenkins.plugins.databricks.benchmarks;

import io.jenkins.plugins.databricks.client.ClientBuilder;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.time.Duration;
import java.util.List;

/** This project's client, used the way the plugin's steps use it. */
final class OurApi implements Api {
    private final DatabricksClient client;

    private OurApi(DatabricksClient client) {
        this.client = client;
    }

    /**
     * @param requestsPerSecond the client's rate limit, or null for the client's default (what a user who sets
     *     nothing gets)
     */
    static OurApi connect(String baseUrl, Double requestsPerSecond) {
        ClientBuilder builder = DatabricksClient.builder().host(baseUrl).token(Workspaces.TOKEN);
        if (requestsPerSecond != null) {
            builder.rateLimit(requestsPerSecond);
        }
        return new OurApi(builder.build());
    }

    @Override
    public String name() {
        return "databricks-client";
    }

    @Override
    public Object getCluster(String clusterId) throws InterruptedException {
        return client.clusters().get(clusterId);
    }

    @Override
    public Object getClusterPermissions(String clusterId) throws InterruptedException {
        return client.permissions().get("clusters", clusterId);
    }

    @Override
    public Object listSecretScopes() throws InterruptedException {
        return client.secrets().listScopes();
    }

    @Override
    public List<?> listAllClusters() throws InterruptedException {
        return client.clusters().list();
    }

    @Override
    public Object startAndWait(String clusterId, Duration timeout) throws InterruptedException {
        return client.clusters().ensureRunning(clusterId, timeout, ProgressListener.NONE);
    }
}
