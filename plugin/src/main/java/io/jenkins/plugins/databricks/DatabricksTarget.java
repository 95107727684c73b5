package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a step sends its requests: a host, the id of the credentials to use there, and optional limits. It holds
 * a credentials <em>id</em>, never a secret, so it can be kept in a step execution or a build record.
 *
 * <p>Record-style accessors; a final class rather than a record so that Pipeline's program state and XStream
 * serialise it like any other value class.
 *
 * @see DatabricksConnector#resolve(String, String, String)
 */
public final class DatabricksTarget implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String displayName;
    private final String host;
    private final String credentialsId;
    private final Double rateLimit;
    private final Integer maxAttempts;
    private final Integer retryBudgetSeconds;
    private final boolean adHoc;
    /** The configured workspace this target came from, or null (ad-hoc, Test connection, older program state). */
    private String workspaceName;

    /**
     * @param displayName how messages name this target, e.g. {@code workspace 'prod'}
     * @param host the workspace host as configured (the client normalises it)
     * @param credentialsId id of Secret text or Databricks service principal credentials
     * @param rateLimit requests per second for this host, or null for the client default
     * @param maxAttempts attempts per request including the first, or null for the client default
     * @param retryBudgetSeconds longest time one request may take with its retries, or null for the client default
     */
    public DatabricksTarget(@NonNull String displayName, @NonNull String host, @NonNull String credentialsId,
            @CheckForNull Double rateLimit, @CheckForNull Integer maxAttempts, @CheckForNull Integer retryBudgetSeconds) {
        this(displayName, host, credentialsId, rateLimit, maxAttempts, retryBudgetSeconds, false);
    }

    private DatabricksTarget(String displayName, String host, String credentialsId, Double rateLimit,
            Integer maxAttempts, Integer retryBudgetSeconds, boolean adHoc) {
        this.adHoc = adHoc;
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.host = Objects.requireNonNull(host, "host");
        this.credentialsId = Objects.requireNonNull(credentialsId, "credentialsId");
        this.rateLimit = rateLimit;
        this.maxAttempts = maxAttempts;
        this.retryBudgetSeconds = retryBudgetSeconds;
    }

    /** A target for a configured workspace, with its limits. */
    public static DatabricksTarget of(@NonNull DatabricksWorkspace workspace) {
        DatabricksTarget t = new DatabricksTarget("workspace '" + workspace.getName() + "'", workspace.getHost(),
                workspace.getCredentialsId(), workspace.getRateLimit(), workspace.getMaxAttempts(),
                workspace.getRetryBudgetSeconds());
        t.workspaceName = workspace.getName();
        return t;
    }

    /** @return the name of the configured workspace this target came from, or null for a host named directly */
    @CheckForNull
    public String workspaceName() {
        return workspaceName;
    }

    /**
     * A host a Jenkinsfile named itself ({@code host:} and {@code credentialsId:}), already checked against the
     * allowed hosts; its requests get a rate limiter of their own, apart from the configured workspaces'.
     */
    @NonNull
    static DatabricksTarget adHoc(@NonNull String host, @NonNull String credentialsId) {
        return new DatabricksTarget("workspace at " + host, host, credentialsId, null, null, null, true);
    }

    /** @return whether a Jenkinsfile named this host itself rather than a configured workspace */
    public boolean isAdHoc() {
        return adHoc;
    }

    @NonNull
    public String displayName() {
        return displayName;
    }

    @NonNull
    public String host() {
        return host;
    }

    @NonNull
    public String credentialsId() {
        return credentialsId;
    }

    @CheckForNull
    public Double rateLimit() {
        return rateLimit;
    }

    @CheckForNull
    public Integer maxAttempts() {
        return maxAttempts;
    }

    @CheckForNull
    public Integer retryBudgetSeconds() {
        return retryBudgetSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabricksTarget t && displayName.equals(t.displayName) && host.equals(t.host)
                && credentialsId.equals(t.credentialsId) && Objects.equals(rateLimit, t.rateLimit)
                && Objects.equals(maxAttempts, t.maxAttempts) && Objects.equals(retryBudgetSeconds, t.retryBudgetSeconds)
                && adHoc == t.adHoc && Objects.equals(workspaceName, t.workspaceName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayName, host, credentialsId, rateLimit, maxAttempts, retryBudgetSeconds, adHoc);
    }

    @Override
    public String toString() {
        return "DatabricksTarget[" + displayName + ", host=" + host + ", credentialsId=" + credentialsId + "]";
    }
}
