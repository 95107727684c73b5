package io.jenkins.plugins.databricks;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.credentials.DatabricksFederatedCredentials;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The one place steps and build steps get a Databricks client from: it picks the workspace, finds the
 * credentials in the build's context, and builds the client with Jenkins' proxy and the workspace's limits.
 */
public final class DatabricksConnector {

    public static final String HOST_VARIABLE = "DATABRICKS_HOST";
    public static final String AUTH_TYPE_VARIABLE = "DATABRICKS_AUTH_TYPE";
    public static final String TOKEN_VARIABLE = "DATABRICKS_TOKEN";
    public static final String CLIENT_ID_VARIABLE = "DATABRICKS_CLIENT_ID";
    public static final String CLIENT_SECRET_VARIABLE = "DATABRICKS_CLIENT_SECRET";
    /** The variables of {@link #environment} whose values must be masked in build logs. */
    public static final Set<String> SECRET_VARIABLES = Set.of(TOKEN_VARIABLE, CLIENT_SECRET_VARIABLE);

    private static final RetryPolicy TEST_CONNECTION_RETRIES = RetryPolicy.defaults().withMaxAttempts(2)
            .withTotalBudget(Duration.ofSeconds(30));

    private DatabricksConnector() {
    }

    /**
     * Decides where a step goes. A named workspace wins; otherwise {@code host} and {@code credentialsId}
     * together name an ad-hoc workspace; otherwise the default workspace is used.
     *
     * @param workspace name of a configured workspace, or blank
     * @param host workspace host URL, or blank
     * @param credentialsId credentials id to use with {@code host}, or blank
     * @throws AbortException with a message that says what to change when none of these applies
     */
    @NonNull
    public static DatabricksTarget resolve(@CheckForNull String workspace, @CheckForNull String host,
            @CheckForNull String credentialsId) throws AbortException {
        String name = Util.fixEmptyAndTrim(workspace);
        String h = Util.fixEmptyAndTrim(host);
        String id = Util.fixEmptyAndTrim(credentialsId);
        DatabricksGlobalConfiguration config = DatabricksGlobalConfiguration.get();
        if (name != null) {
            if (h != null || id != null) {
                throw new AbortException("Give either workspace: '" + name + "' or host: and credentialsId:, not both");
            }
            Optional<DatabricksWorkspace> found = config.workspaceNamed(name);
            if (found.isEmpty()) {
                throw new AbortException("No Databricks workspace named '" + name + "'; configured: "
                        + configuredNames(config.getWorkspaces())
                        + " (Manage Jenkins → System → Databricks)");
            }
            return DatabricksTarget.of(found.get());
        }
        if (h != null || id != null) {
            if (h == null || id == null) {
                throw new AbortException("host: and credentialsId: go together: give both, or neither to use a "
                        + "configured workspace");
            }
            if (!config.adHocHosts().allows(h)) {
                throw new AbortException("host: '" + h + "' is not allowed. A Jenkinsfile may name the hosts of the "
                        + "configured workspaces and the hosts an administrator lists under Manage Jenkins → System → "
                        + "Databricks → Allowed hosts; or name a configured workspace (workspace: 'prod'). Configured: "
                        + configuredNames(config.getWorkspaces()));
            }
            return DatabricksTarget.adHoc(h, id);
        }
        return config.defaultWorkspace().map(DatabricksTarget::of).orElseThrow(() -> new AbortException(
                "No workspace given and no default workspace configured. Either name a workspace configured under "
                        + "Manage Jenkins → System → Databricks (workspace: 'prod'), give host: and credentialsId:, or "
                        + "mark one configured workspace as the default. Configured: "
                        + configuredNames(config.getWorkspaces())));
    }

    /**
     * A client for the target, signed in with credentials found in the build's context; their use is recorded
     * on the build.
     *
     * @throws AbortException when the credentials are missing or of the wrong kind, or the host or a limit is invalid
     */
    @NonNull
    public static DatabricksClient client(@NonNull DatabricksTarget target, @NonNull Run<?, ?> run) throws IOException {
        checkScheme(target);
        return newClient(target, DatabricksCredentials.forBuild(target, run), run, retryPolicy(target));
    }

    /**
     * How to build a client where the build's files are, with the same checks as {@link #client}: the host must be
     * allowed, the credentials found in the build's context (their use recorded) and of a kind Databricks takes. For
     * a service principal the controller fetches a short-lived OAuth access token (about an hour) and only that goes
     * to the agent, never the client secret; for a federated one the controller exchanges a JWT minted for this build
     * and only the access token goes; a personal access token goes as it is (docs/security.md says why).
     */
    @NonNull
    public static AgentClient agentClient(@NonNull DatabricksTarget target, @NonNull Run<?, ?> run)
            throws IOException, InterruptedException {
        checkScheme(target);
        StandardCredentials c = DatabricksCredentials.forBuild(target, run);
        DatabricksClient controllerSide = newClient(target, c, run, retryPolicy(target)); // host and limits checked
        if (c instanceof StringCredentials token) {
            return new AgentClient(target, token.getSecret(), JenkinsHttp.userAgentSuffix(),
                    jenkins.model.Jenkins.get().proxy);
        }
        String accessToken;
        try {
            accessToken = controllerSide.handOffToken();
        } catch (DatabricksException e) {
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
        return new AgentClient(target, hudson.util.Secret.fromString(accessToken), JenkinsHttp.userAgentSuffix(),
                jenkins.model.Jenkins.get().proxy);
    }

    /**
     * Where a step that was under way goes after Jenkins restarted, resolved again as if the step started now: the
     * workspace must still be configured (its credentials id and limits as they are now), an ad-hoc host must still
     * be allowed, and the host must be the one the step started on (its run or cluster lives there).
     *
     * @param saved the target the step resolved before the restart
     * @return the target to use now
     * @throws AbortException naming what changed: the workspace is gone, the host is no longer allowed, or the
     *     workspace now points at another host (both hosts named)
     */
    @NonNull
    public static DatabricksTarget resolveAfterRestart(@NonNull DatabricksTarget saved) throws AbortException {
        DatabricksGlobalConfiguration config = DatabricksGlobalConfiguration.get();
        String name = saved.workspaceName();
        if (name != null) {
            Optional<DatabricksWorkspace> found = config.workspaceNamed(name);
            if (found.isEmpty()) {
                throw new AbortException("Databricks workspace '" + name + "' is no longer configured (Manage Jenkins"
                        + " → System → Databricks), so the step cannot go on after the restart");
            }
            DatabricksTarget now = DatabricksTarget.of(found.get());
            if (!sameHost(now.host(), saved.host())) {
                throw new AbortException("Databricks workspace '" + name + "' now points at " + hostName(now.host())
                        + ", but this step started on " + hostName(saved.host()) + "; it cannot go on after the"
                        + " restart (what it started lives on " + hostName(saved.host()) + ")");
            }
            return now;
        }
        if (saved.isAdHoc() && !config.adHocHosts().allows(saved.host())) {
            throw new AbortException("host: '" + saved.host() + "' is no longer allowed (Manage Jenkins → System →"
                    + " Databricks → Allowed hosts), so the step cannot go on after the restart");
        }
        return saved;
    }

    private static boolean sameHost(String a, String b) {
        return hostName(a).equalsIgnoreCase(hostName(b));
    }

    private static String hostName(String host) {
        try {
            return DatabricksClient.normalizeHost(host);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }

    /**
     * The variables the Databricks CLI and SDKs read: {@code DATABRICKS_HOST} (normalised) and
     * {@code DATABRICKS_TOKEN}, or {@code DATABRICKS_CLIENT_ID} and {@code DATABRICKS_CLIENT_SECRET} for a service
     * principal, plus {@code DATABRICKS_AUTH_TYPE} so that a profile in {@code ~/.databrickscfg} cannot interfere.
     * For a federated service principal the controller exchanges a JWT minted for this build and the block gets the
     * access token as {@code DATABRICKS_TOKEN}: nothing that outlives the token (about an hour). That exchange is a
     * request: call this off the CPS VM thread. The values of {@link #SECRET_VARIABLES} must be masked by the caller.
     */
    @NonNull
    public static Map<String, String> environment(@NonNull DatabricksTarget target, @NonNull Run<?, ?> run)
            throws IOException, InterruptedException {
        checkScheme(target);
        StandardCredentials c = DatabricksCredentials.forBuild(target, run);
        Map<String, String> env = new LinkedHashMap<>();
        try {
            env.put(HOST_VARIABLE, DatabricksClient.normalizeHost(target.host()));
        } catch (IllegalArgumentException e) {
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
        if (c instanceof StringCredentials token) {
            env.put(AUTH_TYPE_VARIABLE, "pat");
            env.put(TOKEN_VARIABLE, token.getSecret().getPlainText());
        } else if (c instanceof DatabricksServicePrincipalCredentials sp) {
            env.put(AUTH_TYPE_VARIABLE, "oauth-m2m");
            env.put(CLIENT_ID_VARIABLE, sp.getClientId());
            env.put(CLIENT_SECRET_VARIABLE, sp.getClientSecret().getPlainText());
        } else if (c instanceof DatabricksFederatedCredentials) {
            try {
                String accessToken = newClient(target, c, run, retryPolicy(target)).handOffToken();
                env.put(AUTH_TYPE_VARIABLE, "pat");
                env.put(TOKEN_VARIABLE, accessToken);
            } catch (DatabricksException e) {
                throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
            }
        }
        return env;
    }

    /** @return the values in {@code environment} that must be masked in the build log */
    @NonNull
    public static Set<String> secretValues(@NonNull Map<String, String> environment) {
        Set<String> values = new LinkedHashSet<>();
        for (String key : SECRET_VARIABLES) {
            String v = environment.get(key);
            if (v != null && !v.isEmpty()) {
                values.add(v);
            }
        }
        return values;
    }

    /**
     * Test Connection: who the global credentials authenticate as on that host, with the plain-HTTP choice as the
     * form shows it (an administrator ticks the box and tests before saving).
     */
    static FormValidation testConnection(@CheckForNull String host, @CheckForNull String credentialsId,
            boolean allowPlainHttp) {
        String h = Util.fixEmptyAndTrim(host);
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (h == null) {
            return FormValidation.error("Enter the workspace host URL first");
        }
        if (id == null) {
            return FormValidation.error("Select the credentials first");
        }
        try {
            DatabricksTarget target = new DatabricksTarget("workspace at " + h, h, id, null, null, null);
            checkScheme(target, allowPlainHttp);
            StandardCredentials c = DatabricksCredentials.forGlobalConfiguration(h, id);
            DatabricksClient client = newClient(target, c, null, TEST_CONNECTION_RETRIES);
            Map<String, Object> me = client.currentUser();
            return FormValidation.ok("Connected to " + client.host() + " as " + identity(me));
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        } catch (DatabricksException e) {
            // The client guarantees its messages carry no token or secret.
            return FormValidation.error("Could not connect: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error("Interrupted while connecting to " + h);
        }
    }

    /** Form check of a host: what the client will make of it, or why it refuses it. */
    static FormValidation checkHost(@CheckForNull String value) {
        String h = Util.fixEmptyAndTrim(value);
        if (h == null) {
            return FormValidation.ok(); // required, but an untouched field is not a mistake; saving says so
        }
        try {
            String normalized = DatabricksClient.normalizeHost(h);
            return normalized.equals(h) ? FormValidation.ok() : FormValidation.ok("Requests go to " + normalized);
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /**
     * Plain {@code http://} (which the client accepts for loopback addresses only) needs an administrator's
     * consent, so no Jenkinsfile can reach services that listen on the controller's loopback ports.
     */
    private static void checkScheme(DatabricksTarget target) throws AbortException {
        checkScheme(target, DatabricksGlobalConfiguration.get().isAllowPlainHttp());
    }

    private static void checkScheme(DatabricksTarget target, boolean allowPlainHttp) throws AbortException {
        String normalized;
        try {
            normalized = DatabricksClient.normalizeHost(target.host());
        } catch (IllegalArgumentException e) {
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
        if (normalized.startsWith("http://") && !allowPlainHttp) {
            throw new AbortException("Databricks " + target.displayName() + ": plain http:// is off; use https://, or "
                    + "have an administrator tick 'Allow plain HTTP to loopback addresses' under Manage Jenkins → "
                    + "System → Databricks (for a local emulator)");
        }
    }

    /**
     * @param run the build the client works for, or null for Test Connection; a federated credential's id tokens are
     *     minted for it
     */
    private static DatabricksClient newClient(DatabricksTarget target, StandardCredentials c,
            @CheckForNull Run<?, ?> run, RetryPolicy retries) throws AbortException {
        try {
            var builder = DatabricksClient.builder()
                    .host(target.host())
                    .httpClient(JenkinsHttp.client())
                    .retryPolicy(retries)
                    .userAgentSuffix(JenkinsHttp.userAgentSuffix());
            if (c instanceof StringCredentials token) {
                builder.token(token.getSecret().getPlainText());
            } else if (c instanceof DatabricksServicePrincipalCredentials sp) {
                builder.sharedServicePrincipal(sp.getClientId(), sp.getClientSecret().getPlainText());
            } else if (c instanceof DatabricksFederatedCredentials f) {
                StringCredentials idToken = run == null ? DatabricksCredentials.idTokenForGlobalConfiguration(f)
                        : DatabricksCredentials.idTokenForBuild(f, target, run);
                // Each exchange asks for a new JWT: one already sent may have expired.
                builder.auth(AuthMethod.tokenExchange(() -> idToken.getSecret().getPlainText(),
                        Util.fixEmpty(f.getClientId())));
            }
            if (target.isAdHoc()) {
                builder.rateLimitScope("jenkinsfile-host");
            }
            Double rateLimit = target.rateLimit();
            if (rateLimit != null) {
                builder.rateLimit(rateLimit);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            // Input validation; the client names the field and never echoes a secret.
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
    }

    private static RetryPolicy retryPolicy(DatabricksTarget target) throws AbortException {
        try {
            RetryPolicy policy = RetryPolicy.defaults();
            Integer maxAttempts = target.maxAttempts();
            if (maxAttempts != null) {
                policy = policy.withMaxAttempts(maxAttempts);
            }
            Integer budgetSeconds = target.retryBudgetSeconds();
            if (budgetSeconds != null) {
                policy = policy.withTotalBudget(Duration.ofSeconds(budgetSeconds));
            }
            return policy;
        } catch (IllegalArgumentException e) {
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
    }

    private static String identity(Map<String, Object> me) {
        String userName = me.get("userName") == null ? "(unknown)" : String.valueOf(me.get("userName"));
        Object displayName = me.get("displayName");
        return displayName == null || displayName.toString().isBlank() || displayName.toString().equals(userName)
                ? userName : userName + " (" + displayName + ")";
    }

    private static String configuredNames(List<DatabricksWorkspace> workspaces) {
        return workspaces.isEmpty() ? "none"
                : workspaces.stream().map(DatabricksWorkspace::getName).collect(Collectors.joining(", "));
    }
}
