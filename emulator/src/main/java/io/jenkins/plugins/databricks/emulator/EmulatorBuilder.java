package io.jenkins.plugins.databricks.emulator;

import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.server.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Configuration of an emulator; every option has a default except the credentials. */
public final class EmulatorBuilder {
    int port;
    String userName = Users.DEFAULT_USER;
    final List<String[]> tokens = new ArrayList<>();
    final Map<String, String> servicePrincipals = new LinkedHashMap<>();
    Duration accessTokenLifetime = Duration.ofHours(1);
    boolean manualClock;
    EmulatorClock clock;
    Duration clusterStartDuration = Duration.ofSeconds(3);
    Duration clusterTerminateDuration = Duration.ofSeconds(1);
    Duration runDuration = Duration.ofSeconds(2);
    boolean unknownPrincipals;
    final List<String[]> federationPolicies = new ArrayList<>();
    boolean allowHttpIssuers;
    boolean demo;
    Duration runCancelDuration = Duration.ofSeconds(1);
    Duration warehouseStartDuration = Duration.ofSeconds(3);
    int sqlChunkRows = Integer.MAX_VALUE;

    EmulatorBuilder() {}

    /**
     * Start with the data the README and docs/local-emulator.md use: cluster {@code 0123-456789-abcdefgh}
     * (TERMINATED), job {@code 42} (parameter {@code env}), a user, a group and a service principal.
     */
    public EmulatorBuilder demo() {
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
    public EmulatorBuilder allowUnknownPrincipals() {
        this.unknownPrincipals = true;
        return this;
    }

    /** 0 (the default) picks a free port. */
    public EmulatorBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /** A valid personal access token of the default user. Repeatable. */
    public EmulatorBuilder token(String token) {
        return token(token, null);
    }

    /** A valid personal access token of the named user. Repeatable. */
    public EmulatorBuilder token(String token, String userName) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        tokens.add(new String[] {token, userName});
        return this;
    }

    /** The userName of the identity behind tokens without an explicit user ("user@example.com"). */
    public EmulatorBuilder userName(String userName) {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("userName must not be empty");
        }
        this.userName = userName;
        return this;
    }

    /** OAuth machine-to-machine credentials of a service principal. Repeatable. */
    public EmulatorBuilder servicePrincipal(String clientId, String secret) {
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
    public EmulatorBuilder federationPolicy(String issuer, String audience, String subject,
            String servicePrincipalClientId) {
        federationPolicies.add(new String[] {issuer, audience, subject, servicePrincipalClientId});
        return this;
    }

    /** Accept http issuers on loopback hosts (in-test issuers); Databricks requires https. */
    public EmulatorBuilder allowHttpIssuers() {
        this.allowHttpIssuers = true;
        return this;
    }

    public EmulatorBuilder accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = Durations.positive(lifetime, "accessTokenLifetime");
        return this;
    }

    /** Time only moves with {@code clock().advance(...)}. */
    public EmulatorBuilder manualClock() {
        this.manualClock = true;
        return this;
    }

    /** Use this clock (e.g. {@link EmulatorClock#fast(double)}). */
    public EmulatorBuilder clock(EmulatorClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Emulator time a cluster spends PENDING (and RESTARTING) before it is RUNNING. Default 3 s. */
    public EmulatorBuilder clusterStartDuration(Duration d) {
        this.clusterStartDuration = Durations.nonNegative(d, "clusterStartDuration");
        return this;
    }

    /** Emulator time a cluster spends TERMINATING. Default 1 s. */
    public EmulatorBuilder clusterTerminateDuration(Duration d) {
        this.clusterTerminateDuration = Durations.nonNegative(d, "clusterTerminateDuration");
        return this;
    }

    /** Emulator time from run-now to a terminated run. Default 2 s. */
    public EmulatorBuilder runDuration(Duration d) {
        this.runDuration = Durations.nonNegative(d, "runDuration");
        return this;
    }

    /** Emulator time a cancelled run spends TERMINATING before it is TERMINATED CANCELED. Default 1 s. */
    public EmulatorBuilder runCancelDuration(Duration d) {
        this.runCancelDuration = Durations.nonNegative(d, "runCancelDuration");
        return this;
    }

    /** Emulator time a SQL warehouse spends STARTING before it is RUNNING. Default 3 s. */
    public EmulatorBuilder warehouseStartDuration(Duration d) {
        this.warehouseStartDuration = Durations.nonNegative(d, "warehouseStartDuration");
        return this;
    }

    /** At most this many rows per result chunk (chunks also end at 4 MiB). Default: no row bound. */
    public EmulatorBuilder sqlChunkRows(int rows) {
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
