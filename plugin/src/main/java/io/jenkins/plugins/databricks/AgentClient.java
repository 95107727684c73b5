package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * What it takes to build a client where the build's files are (an agent, or the controller for its own workspace),
 * so that files are read and streamed to Databricks there instead of crossing the agent channel first. It carries
 * the credential's secret as a {@link Secret} to the agent, as {@code withCredentials} and {@code withDatabricks}
 * hand credentials to the build; {@link #toString()} never shows it. Built only by
 * {@link DatabricksConnector#agentClient}, after the same checks as a controller-side client.
 */
public final class AgentClient implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final String displayName;
    private final Secret token;
    private final String clientId;
    private final Secret clientSecret;
    private final Double rateLimit;
    private final Integer maxAttempts;
    private final Integer retryBudgetSeconds;
    private final String userAgentSuffix;
    private final boolean adHoc;

    AgentClient(DatabricksTarget target, @CheckForNull Secret token, @CheckForNull String clientId,
            @CheckForNull Secret clientSecret, String userAgentSuffix) {
        this.host = target.host();
        this.displayName = target.displayName();
        this.token = token;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.rateLimit = target.rateLimit();
        this.maxAttempts = target.maxAttempts();
        this.retryBudgetSeconds = target.retryBudgetSeconds();
        this.userAgentSuffix = userAgentSuffix;
        this.adHoc = target.isAdHoc();
    }

    /** @return how messages name the workspace, such as {@code workspace 'prod'} */
    public String displayName() {
        return displayName;
    }

    /** @return a client for this JVM (the agent's own HTTP client and rate limiter) */
    public DatabricksClient build() {
        RetryPolicy policy = RetryPolicy.defaults();
        if (maxAttempts != null) {
            policy = policy.withMaxAttempts(maxAttempts);
        }
        if (retryBudgetSeconds != null) {
            policy = policy.withTotalBudget(Duration.ofSeconds(retryBudgetSeconds));
        }
        DatabricksClient.Builder b = DatabricksClient.builder().host(host).retryPolicy(policy)
                .userAgentSuffix(userAgentSuffix);
        if (token != null) {
            b.token(token.getPlainText());
        } else {
            b.sharedServicePrincipal(clientId, clientSecret.getPlainText());
        }
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
