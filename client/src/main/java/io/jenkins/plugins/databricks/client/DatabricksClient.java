package io.jenkins.plugins.databricks.client;

import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.auth.OAuthM2M;
import io.jenkins.plugins.databricks.client.auth.PersonalAccessToken;
import io.jenkins.plugins.databricks.client.clusters.Clusters;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.HttpClients;
import io.jenkins.plugins.databricks.client.core.HttpProxy;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.core.UserAgent;
import io.jenkins.plugins.databricks.client.files.Downloads;
import io.jenkins.plugins.databricks.client.files.Uploads;
import io.jenkins.plugins.databricks.client.jobs.Jobs;
import io.jenkins.plugins.databricks.client.permissions.Permissions;
import io.jenkins.plugins.databricks.client.policy.HostNames;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.client.secrets.Secrets;
import io.jenkins.plugins.databricks.client.sql.Statements;
import io.jenkins.plugins.databricks.client.sql.Warehouses;
import io.jenkins.plugins.databricks.client.wait.PollSchedule;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.client.workspace.Repos;
import io.jenkins.plugins.databricks.client.workspace.Workspace;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    DatabricksClient(ClientBuilder b) {
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
    public static ClientBuilder builder() {
        return new ClientBuilder();
    }

    /**
     * Normalizes a workspace URL the way {@link ClientBuilder#host(String)} does, without building a client (for form
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

    public Duration requestTimeout() {
        return transport.requestTimeout();
    }

    public Object send(String method, String path, List<Map.Entry<String, String>> query, Object body, boolean safe)
            throws InterruptedException {
        return transport.send(Transport.Request.json(method, path, query, body, safe));
    }

    public Object send(Transport.Request request) throws InterruptedException {
        return transport.send(request);
    }

    public <T> T receive(Transport.Request request, String accept, Transport.BodyReader<T> reader)
            throws InterruptedException {
        return transport.receive(request, accept, reader);
    }

    public java.util.concurrent.CompletableFuture<Object> sendAsync(Transport.Request request,
                                                             java.util.concurrent.ScheduledExecutorService scheduler) {
        return transport.sendAsync(request, scheduler, null);
    }

    /** As {@link #sendAsync(Transport.Request, java.util.concurrent.ScheduledExecutorService)}; a token fetch runs on
     * {@code blocking} (null: on the scheduler). */
    public java.util.concurrent.CompletableFuture<Object> sendAsync(Transport.Request request,
            java.util.concurrent.ScheduledExecutorService scheduler, java.util.concurrent.Executor blocking) {
        return transport.sendAsync(request, scheduler, blocking);
    }

    /**
     * Equal for clients of the same host acting as the same principal, whose waits a {@link Waiter} may serve
     * with one listing: what one can list, the other can see. Holds digests, never a secret.
     */
    public Object principalKey() {
        Object who = auth instanceof PersonalAccessToken ? ((PersonalAccessToken) auth).fingerprint()
                : auth instanceof OAuthM2M ? ((OAuthM2M) auth).fingerprint() : auth;
        return java.util.List.of(host, who);
    }

    @Override
    public String toString() {
        return "DatabricksClient[" + host + ", " + auth.description() + "]";
    }
}
