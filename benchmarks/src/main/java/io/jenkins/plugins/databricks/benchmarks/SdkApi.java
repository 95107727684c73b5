package io.jenkins.plugins.databricks.benchmarks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.workspace.SecretScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The official Databricks SDK for Java, configured the way a Groovy script would: host and token only. The
 * SDK (0.141.0) has no client-side rate limiter: {@code DatabricksConfig.rateLimit} is read by nothing, so
 * it is effectively unlimited in every benchmark.
 */
final class SdkApi implements Api {
    private static final long PAGE_SIZE = 100;

    private final WorkspaceClient workspace;

    private SdkApi(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    static SdkApi connect(String baseUrl) {
        DatabricksConfig config = new DatabricksConfig().setHost(baseUrl).setToken(Workspaces.TOKEN).setAuthType("pat");
        return new SdkApi(new WorkspaceClient(config));
    }

    @Override
    public String name() {
        return "databricks-sdk-java";
    }

    @Override
    public Object getCluster(String clusterId) {
        return workspace.clusters().get(clusterId);
    }

    @Override
    public Object getClusterPermissions(String clusterId) {
        return workspace.permissions().get("clusters", clusterId);
    }

    @Override
    public Object listSecretScopes() {
        // The SDK answers with a lazy Iterable: walk it so the request and the parsing both happen.
        List<SecretScope> scopes = new ArrayList<>();
        workspace.secrets().listScopes().forEach(scopes::add);
        return scopes;
    }

    @Override
    public List<?> listAllClusters() {
        List<ClusterDetails> clusters = new ArrayList<>();
        workspace.clusters().list(new ListClustersRequest().setPageSize(PAGE_SIZE)).forEach(clusters::add);
        return clusters;
    }

    @Override
    public Object startAndWait(String clusterId, Duration timeout) throws Exception {
        return workspace.clusters().start(clusterId).get(timeout);
    }
}
