package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.client.ClientBuilder;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.core.HttpProxy;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What it takes to build a client where the build's files are (an agent, or the controller for its own workspace),
 * so that files are read and streamed to Databricks there instead of crossing the agent channel first. It carries a
 * bearer token as a {@link Secret}: for a service principal a short-lived OAuth access token the controller fetched
 * (never the client secret), for a personal access token the token, as {@code withCredentials} hands credentials to
 * the build; {@link #toString()} never shows it. Built only by {@link DatabricksConnector#agentClient}, after the same
 * checks as a controller-side client.
 */
public final class AgentClient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final String displayName;
    private final Secret token;
    private final Double rateLimit;
    private final Integer maxAttempts;
    private final Integer retryBudgetSeconds;
    private final String userAgentSuffix;
    private final boolean adHoc;
    /** The controller's HTTP proxy (Manage Jenkins → System → HTTP Proxy), or null for none. */
    private final HttpProxy proxy;
    private final String proxyUser;
    private final Secret proxyPassword;

    AgentClient(DatabricksTarget target, Secret token, String userAgentSuffix,
            @CheckForNull ProxyConfiguration jenkinsProxy) {
        this.host = target.host();
        this.displayName = target.displayName();
        this.token = token;
        this.rateLimit = target.rateLimit();
        this.maxAttempts = target.maxAttempts();
        this.retryBudgetSeconds = target.retryBudgetSeconds();
        this.userAgentSuffix = userAgentSuffix;
        this.adHoc = target.isAdHoc();
        if (jenkinsProxy != null && jenkinsProxy.getName() != null && !jenkinsProxy.getName().isBlank()) {
            String exempt = jenkinsProxy.getNoProxyHost();
            this.proxy = new HttpProxy(jenkinsProxy.getName(), jenkinsProxy.getPort(), exempt == null ? List.of()
                    : Arrays.asList(exempt.split("[ \t\n,|]+")));
            this.proxyUser = jenkinsProxy.getUserName();
            this.proxyPassword = jenkinsProxy.getSecretPassword();
        } else {
            this.proxy = null;
            this.proxyUser = null;
            this.proxyPassword = null;
        }
    }

    /** @return how messages name the workspace, such as {@code workspace 'prod'} */
    public String displayName() {
        return displayName;
    }

    /**
     * @return a client for this JVM: the agent's own HTTP client (through the controller's proxy, if one is set) and
     *     rate limiter, with the workspace's rate limit and retry settings
     */
    public DatabricksClient build() {
        RetryPolicy policy = RetryPolicy.defaults();
        if (maxAttempts != null) {
            policy = policy.withMaxAttempts(maxAttempts);
        }
        if (retryBudgetSeconds != null) {
            policy = policy.withTotalBudget(Duration.ofSeconds(retryBudgetSeconds));
        }
        ClientBuilder b = DatabricksClient.builder().host(host).retryPolicy(policy)
                .userAgentSuffix(userAgentSuffix);
        if (proxy != null) {
            b.httpClient(DatabricksClient.httpClient(proxy, proxyUser,
                    proxyPassword == null ? null : proxyPassword.getPlainText()));
        }
        b.token(token.getPlainText());
        if (rateLimit != null) {
            b.rateLimit(rateLimit);
        }
        if (adHoc) {
            b.rateLimitScope("jenkinsfile-host");
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "AgentClient[" + displayName + "]";
    }
}
