package io.jenkins.plugins.databricks.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private DatabricksEmulator(Builder b) throws IOException {
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

    public static Builder builder() {
        return new Builder();
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
     * {@link Builder#demo()} gets its demo data back.
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

    /** Configuration of an emulator; every option has a default except the credentials. */
    public static final class Builder {
        private int port;
        private String userName = Users.DEFAULT_USER;
        private final List<String[]> tokens = new ArrayList<>();
        private final Map<String, String> servicePrincipals = new LinkedHashMap<>();
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private boolean manualClock;
        private EmulatorClock clock;
        private Duration clusterStartDuration = Duration.ofSeconds(3);
        private Duration clusterTerminateDuration = Duration.ofSeconds(1);
        private Duration runDuration = Duration.ofSeconds(2);
        private boolean unknownPrincipals;
        private final List<String[]> federationPolicies = new ArrayList<>();
        private boolean allowHttpIssuers;
        private boolean demo;
        private Duration runCancelDuration = Duration.ofSeconds(1);
        private Duration warehouseStartDuration = Duration.ofSeconds(3);
        private int sqlChunkRows = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Start with the data the README and docs/local-emulator.md use: cluster {@code 0123-456789-abcdefgh}
         * (TERMINATED), job {@code 42} (parameter {@code env}), a user, a group and a service principal.
         */
        public Builder demo() {
            this.demo = true;
            return this;
        }

        boolean isDemo() {
            return demo;
        }

        int requestedPort() {
            return port;
        }

        /**
         * Accept permission grants to users, groups and service principals the workspace does not know (Databricks
         * refuses them with 400 "Principal: UserName(x) does not exist", and so does the emulator by default). For
         * tests that grant to made-up names; better: create them with {@code users().addUser(...)} and friends.
         */
        public Builder allowUnknownPrincipals() {
            this.unknownPrincipals = true;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** A valid personal access token of the default user. Repeatable. */
        public Builder token(String token) {
            return token(token, null);
        }

        /** A valid personal access token of the named user. Repeatable. */
        public Builder token(String token, String userName) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be empty");
            }
            tokens.add(new String[] {token, userName});
            return this;
        }

        /** The userName of the identity behind tokens without an explicit user ("user@example.com"). */
        public Builder userName(String userName) {
            if (userName == null || userName.isBlank()) {
                throw new IllegalArgumentException("userName must not be empty");
            }
            this.userName = userName;
            return this;
        }

        /** OAuth machine-to-machine credentials of a service principal. Repeatable. */
        public Builder servicePrincipal(String clientId, String secret) {
            if (clientId == null || clientId.isBlank() || clientId.contains(":")) {
                throw new IllegalArgumentException("service principal client id must be non-empty and without ':'");
            }
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("service principal secret must not be empty");
            }
            servicePrincipals.put(clientId, secret);
            return this;
        }

        /**
         * A token federation policy: JWTs of {@code issuer} for {@code audience} and {@code subject} (a final
         * {@code *} matches any rest) are exchanged at {@code /oidc/v1/token} for a token of the service principal
         * {@code servicePrincipalClientId}, or, when it is null, of the user named by the JWT's {@code sub}
         * (an account-wide policy). Repeatable.
         */
        public Builder federationPolicy(String issuer, String audience, String subject,
                String servicePrincipalClientId) {
            federationPolicies.add(new String[] {issuer, audience, subject, servicePrincipalClientId});
            return this;
        }

        /** Accept http issuers on loopback hosts (in-test issuers); Databricks requires https. */
        public Builder allowHttpIssuers() {
            this.allowHttpIssuers = true;
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = Durations.positive(lifetime, "accessTokenLifetime");
            return this;
        }

        /** Time only moves with {@code clock().advance(...)}. */
        public Builder manualClock() {
            this.manualClock = true;
            return this;
        }

        /** Use this clock (e.g. {@link EmulatorClock#fast(double)}). */
        public Builder clock(EmulatorClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Emulator time a cluster spends PENDING (and RESTARTING) before it is RUNNING. Default 3 s. */
        public Builder clusterStartDuration(Duration d) {
            this.clusterStartDuration = Durations.nonNegative(d, "clusterStartDuration");
            return this;
        }

        /** Emulator time a cluster spends TERMINATING. Default 1 s. */
        public Builder clusterTerminateDuration(Duration d) {
            this.clusterTerminateDuration = Durations.nonNegative(d, "clusterTerminateDuration");
            return this;
        }

        /** Emulator time from run-now to a terminated run. Default 2 s. */
        public Builder runDuration(Duration d) {
            this.runDuration = Durations.nonNegative(d, "runDuration");
            return this;
        }

        /** Emulator time a cancelled run spends TERMINATING before it is TERMINATED CANCELED. Default 1 s. */
        public Builder runCancelDuration(Duration d) {
            this.runCancelDuration = Durations.nonNegative(d, "runCancelDuration");
            return this;
        }

        /** Emulator time a SQL warehouse spends STARTING before it is RUNNING. Default 3 s. */
        public Builder warehouseStartDuration(Duration d) {
            this.warehouseStartDuration = Durations.nonNegative(d, "warehouseStartDuration");
            return this;
        }

        /** At most this many rows per result chunk (chunks also end at 4 MiB). Default: no row bound. */
        public Builder sqlChunkRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("sqlChunkRows must be at least 1, got " + rows);
            }
            this.sqlChunkRows = rows;
            return this;
        }

        public DatabricksEmulator start() {
            try {
                return new DatabricksEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the emulator on port " + port, e);
            }
        }

    }
}
