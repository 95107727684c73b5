package io.jenkins.plugins.databricks.client;

import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.UserAgent;
import io.jenkins.plugins.databricks.client.policy.HostNames;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.client.wait.PollSchedule;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link DatabricksClient}. Setters validate their input at once and throw
 * {@link IllegalArgumentException} naming the field.
 */
public final class ClientBuilder {
    String host;
    AuthMethod auth;
    HttpClient httpClient;
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    Double rateLimit;
    String rateLimitScope;
    Duration connectTimeout = DatabricksClient.DEFAULT_CONNECT_TIMEOUT;
    Duration requestTimeout = DatabricksClient.DEFAULT_REQUEST_TIMEOUT;
    String userAgentSuffix;
    PollSchedule pollSchedule = PollSchedule.defaults();
    boolean shareToken;

    ClientBuilder() {
    }

    /**
     * @param host the workspace URL as users paste it: with or without {@code https://}, a trailing slash, a
     *             path or {@code ?o=<workspace-id>}. Plain {@code http://} only for loopback addresses
     * @return this builder
     */
    public ClientBuilder host(String host) {
        this.host = HostNames.normalize(host);
        return this;
    }

    /**
     * Authenticates with a personal access token.
     *
     * @param token the token; not blank
     * @return this builder
     */
    public ClientBuilder token(String token) {
        return auth(AuthMethod.personalAccessToken(token));
    }

    /**
     * Authenticates as a service principal with OAuth machine-to-machine.
     *
     * @param clientId the application (client) id
     * @param clientSecret the OAuth secret
     * @return this builder
     */
    public ClientBuilder servicePrincipal(String clientId, String clientSecret) {
        return auth(AuthMethod.oauthM2M(clientId, clientSecret));
    }

    /**
     * Like {@link #servicePrincipal(String, String)}, but the access token is shared by every client in the
     * JVM built this way for the same host, client id and secret: a Jenkins controller builds a client per
     * step, and without sharing each step would fetch a token of its own. One refresh still serves all
     * concurrent callers. A changed secret is a different entry, so a rotated secret takes effect at once.
     *
     * @param clientId the application (client) id
     * @param clientSecret the OAuth secret
     * @return this builder
     */
    public ClientBuilder sharedServicePrincipal(String clientId, String clientSecret) {
        auth(AuthMethod.oauthM2M(clientId, clientSecret));
        shareToken = true;
        return this;
    }

    /**
     * Authenticates with any {@link AuthMethod}.
     *
     * @param auth the method; exactly one auth method may be set
     * @return this builder
     */
    public ClientBuilder auth(AuthMethod auth) {
        Objects.requireNonNull(auth, "auth");
        if (this.auth != null) {
            throw new IllegalArgumentException("auth: set exactly one of token, servicePrincipal or auth;"
                    + " already set: " + this.auth.description());
        }
        this.auth = auth;
        return this;
    }

    /**
     * @param httpClient the HttpClient to send with (Jenkins passes its proxy-aware one); its own connect
     *                   timeout and redirect policy then apply. Default: a shared client that never follows
     *                   redirects
     * @return this builder
     */
    public ClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return this;
    }

    /**
     * @param retryPolicy how failed requests are repeated; default {@link RetryPolicy#defaults()}
     * @return this builder
     */
    public ClientBuilder retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return this;
    }

    /**
     * @param requestsPerSecond the host's rate ceiling, shared by every client of the host in the JVM (the
     *                          latest configuration wins): more than 0 up to {@link RateLimiter#MAX_RATE}, or
     *                          {@link RateLimiter#UNLIMITED}; default {@link RateLimiter#DEFAULT_RATE}
     * @return this builder
     */
    public ClientBuilder rateLimit(double requestsPerSecond) {
        RateLimiter.validateRate(requestsPerSecond);
        this.rateLimit = requestsPerSecond;
        return this;
    }

    /**
     * Keeps this client's rate limiter apart from the host's common one: clients of the same host and scope
     * share a limiter, other scopes (and clients without one) are neither paused nor slowed by its traffic.
     * A Jenkins controller gives requests to hosts named in a Jenkinsfile a scope of their own, so they never
     * use up the rate of a workspace the administrator configured.
     *
     * @param scope a name for the limiter, or null (default) for the host's common limiter
     * @return this builder
     */
    public ClientBuilder rateLimitScope(String scope) {
        if (scope != null && scope.isBlank()) {
            throw new IllegalArgumentException("rateLimitScope must not be blank; pass null for the host's"
                    + " common limiter");
        }
        this.rateLimitScope = scope;
        return this;
    }

    /**
     * @param timeout how long to wait for a connection; positive; default 10 s (ignored with a given
     *                {@link #httpClient(HttpClient)})
     * @return this builder
     */
    public ClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = Checks.timeout(timeout, "connectTimeout");
        return this;
    }

    /**
     * @param timeout how long to wait for one answer; positive; default 60 s
     * @return this builder
     */
    public ClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = Checks.timeout(timeout, "requestTimeout");
        return this;
    }

    /**
     * @param suffix appended to the User-Agent, such as {@code jenkins/2.541.3 databricks-plugin/0.1.0}
     * @return this builder
     */
    public ClientBuilder userAgentSuffix(String suffix) {
        UserAgent.validateSuffix(suffix);
        this.userAgentSuffix = suffix;
        return this;
    }

    /**
     * @param schedule how waits poll; default {@link PollSchedule#defaults()}
     * @return this builder
     */
    public ClientBuilder pollSchedule(PollSchedule schedule) {
        this.pollSchedule = Objects.requireNonNull(schedule, "pollSchedule");
        return this;
    }

    /**
     * @return the client
     * @throws IllegalArgumentException when the host or the auth method is missing
     */
    public DatabricksClient build() {
        if (host == null) {
            throw new IllegalArgumentException("host must be set; expected a workspace URL such as"
                    + " https://adb-1234567890123456.7.azuredatabricks.net");
        }
        if (auth == null) {
            throw new IllegalArgumentException("auth must be set: call token(...) for a personal access token or"
                    + " servicePrincipal(...) for OAuth machine-to-machine");
        }
        return new DatabricksClient(this);
    }
}
