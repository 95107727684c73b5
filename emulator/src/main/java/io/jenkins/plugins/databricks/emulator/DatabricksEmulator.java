package io.jenkins.plugins.databricks.emulator;

import io.jenkins.plugins.databricks.emulator.clusters.Clusters;
import io.jenkins.plugins.databricks.emulator.clusters.ClustersApi;
import io.jenkins.plugins.databricks.emulator.faults.Counters;
import io.jenkins.plugins.databricks.emulator.faults.Faults;
import io.jenkins.plugins.databricks.emulator.iam.Permissions;
import io.jenkins.plugins.databricks.emulator.iam.PermissionsApi;
import io.jenkins.plugins.databricks.emulator.iam.ScimApi;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.jobs.Jobs;
import io.jenkins.plugins.databricks.emulator.jobs.JobsApi;
import io.jenkins.plugins.databricks.emulator.jobs.JobsApi20;
import io.jenkins.plugins.databricks.emulator.oauth.Federation;
import io.jenkins.plugins.databricks.emulator.oauth.OAuthApi;
import io.jenkins.plugins.databricks.emulator.secrets.Secrets;
import io.jenkins.plugins.databricks.emulator.secrets.SecretsApi;
import io.jenkins.plugins.databricks.emulator.server.DaemonThreads;
import io.jenkins.plugins.databricks.emulator.server.EmulatorServer;
import io.jenkins.plugins.databricks.emulator.server.Router;
import io.jenkins.plugins.databricks.emulator.sql.Sql;
import io.jenkins.plugins.databricks.emulator.workspace.DbfsApi;
import io.jenkins.plugins.databricks.emulator.workspace.FileStore;
import io.jenkins.plugins.databricks.emulator.workspace.FilesApi;
import io.jenkins.plugins.databricks.emulator.workspace.Repos;
import io.jenkins.plugins.databricks.emulator.workspace.ReposApi;
import io.jenkins.plugins.databricks.emulator.workspace.Workspace;
import io.jenkins.plugins.databricks.emulator.workspace.WorkspaceApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local, stateful Databricks workspace over real HTTP. Start it with {@link #builder()}, point a client
 * at {@link #baseUrl()}, seed or inspect state through {@link #clusters()}, {@link #jobs()},
 * {@link #secrets()}, inject failures through {@link #faults()} and check what a client sent with the
 * request counters.
 */
public final class DatabricksEmulator implements AutoCloseable {
    /** The workspace id: the {@code x-databricks-org-id} header of every answer and the {@code ?o=} of page links. */
    public static final String WORKSPACE_ID = "1234567890";

    private final EmulatorServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final EmulatorClock clock;
    private final Users users;
    private final Permissions permissions;
    private final Clusters clusters;
    private final Jobs jobs;
    private final Secrets secrets;
    private final Workspace workspace;
    private final FileStore volumes;
    private final FileStore dbfs;
    private final Repos repos;
    private final Sql sql;
    private final Faults faults;
    private final Federation federation;
    private final Counters counters;
    private final Router router;
    private final boolean demo;

    DatabricksEmulator(EmulatorBuilder b) throws IOException {
        this.clock = b.clock != null ? b.clock : (b.manualClock ? EmulatorClock.manual() : EmulatorClock.real());
        this.users = new Users(b.userName);
        b.tokens.forEach(t -> users.addToken(t[0], t[1]));
        b.servicePrincipals.forEach((id, secret) -> users.addServicePrincipal(id, secret));
        this.federation = new Federation(users, clock, b.allowHttpIssuers);
        b.federationPolicies.forEach(p -> federation.addPolicy(p[0], p[1], p[2], p[3]));
        this.permissions = new Permissions();
        this.clusters = new Clusters(clock, b.clusterStartDuration, b.clusterTerminateDuration, permissions, users);
        this.faults = new Faults();
        this.counters = new Counters();

        this.executor = Executors.newCachedThreadPool(DaemonThreads.named("databricks-emulator-"));
        try {
            this.server = new EmulatorServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 256,
                    executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        this.baseUrl = "http://127.0.0.1:" + server.port();
        this.jobs = new Jobs(clock, b.runDuration, b.runCancelDuration, permissions, users, baseUrl);
        this.secrets = new Secrets(clock);
        this.workspace = new Workspace(clock, users.currentUserName());
        this.volumes = new FileStore("volumes", clock);
        this.dbfs = new FileStore("dbfs", clock);
        this.repos = new Repos(workspace, users.currentUserName());
        this.sql = new Sql(clock, b.warehouseStartDuration, b.sqlChunkRows, users.currentUserName(), executor);

        this.router = routes(b.unknownPrincipals);
        OAuthApi oauth = new OAuthApi(users, clock, b.accessTokenLifetime, federation);
        AdminApi admin = new AdminApi(this);
        server.start(new HttpRequestHandler(router, admin, oauth, users, faults, counters, clock, () -> baseUrl,
                new FilesApi(volumes)));
        this.demo = b.demo;
        if (demo) {
            Demo.seed(this);
        }
    }

    /** Every API area's endpoints; OAuth, files and the admin endpoints are served before routing. */
    private Router routes(boolean unknownPrincipals) {
        Router r = new Router();
        new ClustersApi(clusters).register(r);
        new PermissionsApi(permissions, clusters.existence(), jobs.existence())
                .principals(unknownPrincipals ? null : users).register(r);
        new SecretsApi(secrets).register(r);
        new JobsApi(jobs, workspace, volumes, dbfs).register(r);
        new JobsApi20(jobs).register(r);
        new ScimApi(users).register(r);
        new WorkspaceApi(workspace).register(r);
        new DbfsApi(dbfs).register(r);
        new ReposApi(repos).register(r);
        sql.register(r);
        return r;
    }

    public static EmulatorBuilder builder() {
        return new EmulatorBuilder();
    }

    /** "http://127.0.0.1:&lt;port&gt;", without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    public EmulatorClock clock() {
        return clock;
    }

    public Clusters clusters() {
        return clusters;
    }

    public Jobs jobs() {
        return jobs;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** The workspace tree: notebooks, files, folders and Git folders. */
    public Workspace workspace() {
        return workspace;
    }

    /** Unity Catalog volume files (the Files API), keyed by {@code /Volumes/...} path. */
    public FileStore volumes() {
        return volumes;
    }

    /** DBFS files, keyed by absolute path without {@code dbfs:}. */
    public FileStore dbfs() {
        return dbfs;
    }

    /** Git folders. */
    public Repos repos() {
        return repos;
    }

    /** SQL warehouses, statements and the engine behind them. */
    public Sql sql() {
        return sql;
    }

    public Users users() {
        return users;
    }

    /** Token federation policies; {@code federation().addPolicy(...)} adds one while running. */
    public Federation federation() {
        return federation;
    }

    public Faults faults() {
        return faults;
    }

    /** Requests received with this method and path (query string excluded), including faulted ones. */
    public long requestCount(String method, String path) {
        return counters.requests(method, path);
    }

    /** Requests received for this path with any method. */
    public long requestCount(String path) {
        return counters.requests(path);
    }

    /** Answers sent with this HTTP status. */
    public long statusCount(int status) {
        return counters.statuses(status);
    }

    public long totalRequests() {
        return counters.total();
    }

    public void resetCounters() {
        counters.reset();
    }

    /**
     * Forgets all workspace state (clusters, jobs, runs, secrets, grants, principals created since start, workspace
     * objects, files, Git folders, issued OAuth tokens), faults and counters; an emulator started with
     * {@link EmulatorBuilder#demo()} gets its demo data back.
     */
    public void reset() {
        clusters.reset();
        jobs.reset();
        secrets.reset();
        workspace.reset();
        volumes.reset();
        dbfs.reset();
        repos.reset();
        sql.reset();
        permissions.reset();
        users.reset();
        faults.clear();
        counters.reset();
        if (demo) {
            Demo.seed(this);
        }
    }

    /** "METHOD /path" of every fixed API endpoint (permissions paths are served by prefix and not listed). */
    java.util.Set<String> routes() {
        return router.exactRoutes();
    }

    Map<String, Object> countersSnapshot() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        server.stop();
        executor.shutdownNow();
        volumes.close();
        dbfs.close();
        sql.close();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
