package io.jenkins.plugins.databricks.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client for one Databricks workspace: the entry point to every operation. Immutable, thread-safe and cheap
 * to share; build it once per workspace and credential.
 *
 * <pre>{@code
 * DatabricksClient client = DatabricksClient.builder()
 *     .host("adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456")
 *     .token(pat)
 *     .build();
 * Map<String, Object> cluster = client.clusters().ensureRunning(id, Duration.ofMinutes(20), System.out::println);
 * Object answer = client.call("GET", "/api/2.1/clusters/get", Map.of("cluster_id", id), null);
 * }</pre>
 *
 * <p>Every request goes to the configured host only, through the host's JVM-wide {@link RateLimiter} and this
 * client's {@link RetryPolicy}. Blocking methods throw {@link InterruptedException} when the thread is
 * interrupted, {@link IllegalArgumentException} for bad input (before any request) and
 * {@link DatabricksException} for failures.
 */
public final class DatabricksClient {
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for one answer (the Go SDK's per-request timeout). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The HTTP methods {@link #call} accepts, in the order a form offers them. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final String host;
    private final AuthMethod auth;
    private final Transport transport;
    private final RateLimiter limiter;
    private final PollSchedule pollSchedule;
    private final Clusters clusters;
    private final Permissions permissions;
    private final Secrets secrets;
    private final Jobs jobs;
    private final Workspace workspace;
    private final Uploads uploads;
    private final Downloads downloads;
    private final Repos repos;

    private DatabricksClient(Builder b) {
        this.host = b.host;
        this.auth = b.shareToken ? OAuthM2M.shared(host, (OAuthM2M) b.auth) : b.auth;
        this.limiter = RateLimiter.shared(host, b.rateLimitScope, b.rateLimit);
        HttpClient http = b.httpClient != null ? b.httpClient
                : HttpClients.shared(b.connectTimeout);
        this.transport = new Transport(host, http, auth, b.retryPolicy, limiter, b.requestTimeout,
                UserAgent.build(b.userAgentSuffix));
        this.pollSchedule = b.pollSchedule;
        this.clusters = new Clusters(this);
        this.permissions = new Permissions(this);
        this.secrets = new Secrets(this);
        this.jobs = new Jobs(this);
        this.workspace = new Workspace(this);
        this.uploads = new Uploads(this);
        this.downloads = new Downloads(this);
        this.repos = new Repos(this);
    }

    /**
     * An HTTP client like the default one (no redirects, HTTP/1.1) that goes out through {@code proxy}, except to its
     * no-proxy hosts, and answers the proxy's challenge with {@code user} and {@code password} when a user is given.
     * For an agent, which has no Jenkins proxy configuration of its own. Shared per proxy and user in the JVM.
     *
     * @param proxy the proxy
     * @param user the proxy user, or null
     * @param password the proxy password, or null
     * @return the client
     */
    public static HttpClient httpClient(HttpProxy proxy, String user, String password) {
        return HttpClients.proxied(proxy, user, password);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Normalizes a workspace URL the way {@link Builder#host(String)} does, without building a client (for form
     * validation).
     *
     * @param host the workspace URL as pasted
     * @return {@code https://authority} (or {@code http://} for a loopback address)
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String normalizeHost(String host) {
        return HostNames.normalize(host);
    }

    /** @return the normalized workspace URL, {@code https://authority} */
    public String host() {
        return host;
    }

    /** @return the rate limiter shared by every client of this host */
    public RateLimiter rateLimiter() {
        return limiter;
    }

    /** @return this client's retry policy */
    public RetryPolicy retryPolicy() {
        return transport.policy();
    }

    /** @return the poll schedule of this client's waits */
    public PollSchedule pollSchedule() {
        return pollSchedule;
    }

    /** @return a description of how this client authenticates (no secret) */
    public String authDescription() {
        return auth.description();
    }

    /**
     * Calls any REST endpoint of the workspace.
     *
     * <p>GET and DELETE are repeated on transient failures (500, 502, 504, timeouts), POST and PATCH are not,
     * since they may have been carried out; 429, 503 and connection failures are retried for every method.
     *
     * @param method GET, POST, PUT, PATCH or DELETE (any case)
     * @param path a relative path starting with {@code /api/}, optionally with a query string; no other host
     * @param query query parameters, may be null: values are strings, numbers, booleans or lists of them
     *              (repeated keys)
     * @param body null, a Map, a List, or a String of raw JSON. For GET and DELETE a Map body (or a JSON object
     *             string) is sent as query parameters, because Databricks reads GET parameters from the query
     * @return the parsed JSON answer: LinkedHashMap, ArrayList, String, Long, Double, BigDecimal, Boolean or
     *         null; a non-JSON answer as a String
     * @throws InterruptedException when interrupted
     * @throws IllegalArgumentException for a bad method, path, query or body, before any request
     * @throws DatabricksException when the workspace answers with an error or cannot be reached
     */
    public Object call(String method, String path, Map<String, ?> query, Object body) throws InterruptedException {
        return transport.send(GenericCall.request(method, path, query, body));
    }

    /**
     * Who the client is authenticated as; use it to test a connection.
     *
     * @return the SCIM user ({@code id}, {@code userName}, {@code displayName}, {@code active}, ...)
     * @throws InterruptedException when interrupted
     * @throws DatabricksException when the workspace refuses the credentials or cannot be reached
     */
    public Map<String, Object> currentUser() throws InterruptedException {
        return Checks.map(send("GET", "/api/2.0/preview/scim/v2/Me", List.of(), null, true), "scim/v2/Me");
    }

    /**
     * The bearer token this client sends now, for handing to another process that acts for the same build (an
     * agent that uploads files): for a service principal, a short-lived OAuth access token (fetched now if none is
     * cached), so the client secret never leaves this JVM; for a personal access token, the token itself. The caller
     * must treat it as a secret.
     *
     * @return the token, without the {@code Bearer} prefix
     * @throws InterruptedException when interrupted while fetching a token
     * @throws DatabricksException when no token can be had
     * @throws IllegalStateException when the auth method does not send a bearer token
     */
    public String handOffToken() throws InterruptedException {
        String header = auth.authorization(transport);
        if (header == null || !header.startsWith("Bearer ")) {
            throw new IllegalStateException(auth.description() + " does not send a bearer token to hand off");
        }
        return header.substring("Bearer ".length());
    }

    /** @return cluster operations */
    public Clusters clusters() {
        return clusters;
    }

    /** @return permission operations */
    public Permissions permissions() {
        return permissions;
    }

    /** @return secret scope, secret and secret ACL operations */
    public Secrets secrets() {
        return secrets;
    }

    /** @return job run operations */
    public Jobs jobs() {
        return jobs;
    }

    /** @return workspace folders, notebooks and files; importing local files and trees */
    public Workspace workspace() {
        return workspace;
    }

    /** @return streamed uploads to Unity Catalog volumes and DBFS */
    public Uploads uploads() {
        return uploads;
    }

    /** @return streamed downloads from Unity Catalog volumes, DBFS and workspace folders to local files */
    public Downloads downloads() {
        return downloads;
    }

    /** @return SQL warehouses */
    public Warehouses warehouses() {
        return new Warehouses(this);
    }

    /** @return the Statement Execution API: SQL statements on a warehouse and their results */
    public Statements statements() {
        return new Statements(this);
    }

    /** @return Git folders (Repos API) */
    public Repos repos() {
        return repos;
    }

    Duration requestTimeout() {
        return transport.requestTimeout();
    }

    Object send(String method, String path, List<Map.Entry<String, String>> query, Object body, boolean safe)
            throws InterruptedException {
        return transport.send(Transport.Request.json(method, path, query, body, safe));
    }

    Object send(Transport.Request request) throws InterruptedException {
        return transport.send(request);
    }

    <T> T receive(Transport.Request request, String accept, Transport.BodyReader<T> reader)
            throws InterruptedException {
        return transport.receive(request, accept, reader);
    }

    java.util.concurrent.CompletableFuture<Object> sendAsync(Transport.Request request,
                                                             java.util.concurrent.ScheduledExecutorService scheduler) {
        return transport.sendAsync(request, scheduler, null);
    }

    /** As {@link #sendAsync(Transport.Request, java.util.concurrent.ScheduledExecutorService)}; a token fetch runs on
     * {@code blocking} (null: on the scheduler). */
    java.util.concurrent.CompletableFuture<Object> sendAsync(Transport.Request request,
            java.util.concurrent.ScheduledExecutorService scheduler, java.util.concurrent.Executor blocking) {
        return transport.sendAsync(request, scheduler, blocking);
    }

    /**
     * Equal for clients of the same host acting as the same principal, whose waits a {@link Waiter} may serve
     * with one listing: what one can list, the other can see. Holds digests, never a secret.
     */
    Object principalKey() {
        Object who = auth instanceof PersonalAccessToken ? ((PersonalAccessToken) auth).fingerprint()
                : auth instanceof OAuthM2M ? ((OAuthM2M) auth).fingerprint() : auth;
        return java.util.List.of(host, who);
    }

    @Override
    public String toString() {
        return "DatabricksClient[" + host + ", " + auth.description() + "]";
    }

    /**
     * Configures a {@link DatabricksClient}. Setters validate their input at once and throw
     * {@link IllegalArgumentException} naming the field.
     */
    public static final class Builder {
        private String host;
        private AuthMethod auth;
        private HttpClient httpClient;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Double rateLimit;
        private String rateLimitScope;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private String userAgentSuffix;
        private PollSchedule pollSchedule = PollSchedule.defaults();
        private boolean shareToken;

        private Builder() {
        }

        /**
         * @param host the workspace URL as users paste it: with or without {@code https://}, a trailing slash, a
         *             path or {@code ?o=<workspace-id>}. Plain {@code http://} only for loopback addresses
         * @return this builder
         */
        public Builder host(String host) {
            this.host = HostNames.normalize(host);
            return this;
        }

        /**
         * Authenticates with a personal access token.
         *
         * @param token the token; not blank
         * @return this builder
         */
        public Builder token(String token) {
            return auth(AuthMethod.personalAccessToken(token));
        }

        /**
         * Authenticates as a service principal with OAuth machine-to-machine.
         *
         * @param clientId the application (client) id
         * @param clientSecret the OAuth secret
         * @return this builder
         */
        public Builder servicePrincipal(String clientId, String clientSecret) {
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
        public Builder sharedServicePrincipal(String clientId, String clientSecret) {
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
        public Builder auth(AuthMethod auth) {
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
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * @param retryPolicy how failed requests are repeated; default {@link RetryPolicy#defaults()}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * @param requestsPerSecond the host's rate ceiling, shared by every client of the host in the JVM (the
         *                          latest configuration wins): more than 0 up to {@link RateLimiter#MAX_RATE}, or
         *                          {@link RateLimiter#UNLIMITED}; default {@link RateLimiter#DEFAULT_RATE}
         * @return this builder
         */
        public Builder rateLimit(double requestsPerSecond) {
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
        public Builder rateLimitScope(String scope) {
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
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Checks.timeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param timeout how long to wait for one answer; positive; default 60 s
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Checks.timeout(timeout, "requestTimeout");
            return this;
        }

        /**
         * @param suffix appended to the User-Agent, such as {@code jenkins/2.541.3 databricks-plugin/0.1.0}
         * @return this builder
         */
        public Builder userAgentSuffix(String suffix) {
            UserAgent.validateSuffix(suffix);
            this.userAgentSuffix = suffix;
            return this;
        }

        /**
         * @param schedule how waits poll; default {@link PollSchedule#defaults()}
         * @return this builder
         */
        public Builder pollSchedule(PollSchedule schedule) {
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
}
