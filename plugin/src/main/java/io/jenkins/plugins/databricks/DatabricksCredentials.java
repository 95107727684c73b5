package io.jenkins.plugins.databricks;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.credentials.DatabricksFederatedCredentials;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentials;
import java.net.URI;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * Finding and listing the credential kinds Databricks accepts: Secret text (a personal access token),
 * {@link DatabricksServicePrincipalCredentials} and {@link DatabricksFederatedCredentials} (with the id token
 * credential it names); and the credentials a secret value can come from. The permission
 * rule of every form method that lists or checks credentials is {@link #hasPermission}; those methods are
 * {@code @POST} and ask it before calling {@link #fill}, {@link #fillSecretValues} or {@link #check}.
 */
public final class DatabricksCredentials {

    static final String ACCEPTED = "Secret text (a personal access token), Databricks service principal or Databricks"
            + " service principal (federated)";

    private DatabricksCredentials() {
    }

    /** @return whether Databricks can authenticate with these credentials */
    public static boolean isSupported(@CheckForNull StandardCredentials c) {
        return c instanceof StringCredentials || c instanceof DatabricksServicePrincipalCredentials
                || c instanceof DatabricksFederatedCredentials;
    }

    /**
     * Whether the current user may see which credentials exist here, which every form method that lists or checks
     * credentials asks first, as the credentials plugin's consumer guide says: Overall/Administer outside any item
     * (the system configuration, the global snippet generator); on a job or folder, Item/Extended Read or
     * Credentials/Use Item. Configure alone is not required: multibranch branch jobs deny it to everyone, and their
     * Snippet Generator must still offer the credentials.
     *
     * @param context the job or folder whose form this is, or null outside any item
     */
    public static boolean hasPermission(@CheckForNull Item context) {
        return context == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : context.hasPermission(Item.EXTENDED_READ) || context.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** The drop-down for someone without {@link #hasPermission}: the saved value alone, so no credential id leaks. */
    public static ListBoxModel currentValueOnly(@CheckForNull String currentValue) {
        return new StandardListBoxModel().includeCurrentValue(Util.fixNull(currentValue));
    }

    /**
     * Credentials Databricks can sign in with (Secret text, Databricks service principal) that builds of the
     * context can use. Callers check {@link #hasPermission} first.
     *
     * @param context the job or folder whose form this is, or null for the global configuration
     * @param host the workspace host, used to honour credential domains; may be blank
     * @param currentValue the id currently selected
     */
    public static ListBoxModel fill(@CheckForNull Item context, @CheckForNull String host,
            @CheckForNull String currentValue) {
        return list(context, requirements(host), currentValue, CredentialsMatchers.always(), StringCredentials.class,
                DatabricksServicePrincipalCredentials.class, DatabricksFederatedCredentials.class);
    }

    /**
     * Credentials whose content can become a Databricks secret value (Secret text, Secret file) that builds of
     * the context can use. Callers check {@link #hasPermission} first.
     */
    public static ListBoxModel fillSecretValues(@CheckForNull Item context, @CheckForNull String currentValue) {
        return list(context, List.of(), currentValue, CredentialsMatchers.always(), StringCredentials.class,
                FileCredentials.class);
    }

    /**
     * The {@code oidc-provider} id token credentials (the kind whose value is the token) that builds of the context
     * can use, for a federated credential's form. Callers check {@link #hasPermission} first.
     */
    public static ListBoxModel fillIdTokens(@CheckForNull Item context, @CheckForNull String currentValue) {
        return list(context, List.of(), currentValue, DatabricksFederatedCredentials::isIdToken,
                StringCredentials.class);
    }

    @SafeVarargs
    private static ListBoxModel list(@CheckForNull Item context, List<DomainRequirement> requirements,
            @CheckForNull String currentValue, CredentialsMatcher matching,
            Class<? extends StandardCredentials>... kinds) {
        StandardListBoxModel result = new StandardListBoxModel();
        result.includeEmptyValue();
        // System-scoped credentials are invisible to builds, so offering them would only produce failing jobs.
        CredentialsMatcher usableByBuilds = CredentialsMatchers.allOf(matching,
                CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM)));
        for (Class<? extends StandardCredentials> kind : kinds) {
            if (context == null) {
                result.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), kind, requirements, usableByBuilds);
            } else {
                result.includeMatchingAs(authenticationOf(context), context, kind, requirements, usableByBuilds);
            }
        }
        result.includeCurrentValue(Util.fixNull(currentValue));
        return result;
    }

    /**
     * Form validation of a credentials id. Callers check {@link #hasPermission} first. A missing id is a warning,
     * not an error: a build may find it in its folder.
     */
    public static FormValidation check(@CheckForNull Item context, @CheckForNull String host,
            @CheckForNull String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok(); // nothing chosen yet is not a mistake; saving or the build says what is missing
        }
        List<StandardCredentials> visible = context == null
                ? CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                        requirements(host))
                : CredentialsProvider.lookupCredentialsInItem(StandardCredentials.class, context,
                        authenticationOf(context), requirements(host));
        StandardCredentials c = CredentialsMatchers.firstOrNull(visible, CredentialsMatchers.withId(id));
        if (c == null) {
            return FormValidation.warning("No credentials with ID '" + id + "' are visible here. A build looks the ID up "
                    + "in the folders that contain it and globally; it fails if none is found there either.");
        }
        if (!isSupported(c)) {
            return FormValidation.error("Credentials '" + id + "' are " + c.getDescriptor().getDisplayName()
                    + "; Databricks needs " + ACCEPTED);
        }
        if (c.getScope() == CredentialsScope.SYSTEM) {
            return FormValidation.error("Credentials '" + id + "' have System scope, which builds cannot use; "
                    + "give them Global scope");
        }
        return FormValidation.ok();
    }

    /**
     * The credentials a build uses, looked up in the build's context (its folders, then global, and credentials
     * parameters), and recorded as used by that build.
     *
     * @throws AbortException naming the id and the workspace when none is found or the kind is wrong
     */
    static StandardCredentials forBuild(DatabricksTarget target, Run<?, ?> run) throws AbortException {
        String id = target.credentialsId();
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run,
                requirements(target.host()));
        if (c == null) {
            throw new AbortException("Could not find credentials '" + id + "' for Databricks " + target.displayName()
                    + ": create " + ACCEPTED + " credentials with that ID in the job's folder or globally");
        }
        if (!isSupported(c)) {
            throw new AbortException("Credentials '" + id + "' for Databricks " + target.displayName() + " are "
                    + c.getDescriptor().getDisplayName() + "; Databricks needs " + ACCEPTED);
        }
        // findCredentialById records usage only for credentials parameters; record every use.
        CredentialsProvider.track(run, c);
        return c;
    }

    /**
     * The credentials of the global configuration, as Test Connection uses them: only what a build outside any
     * folder could use, so the button cannot reach a credential that builds could not.
     */
    static StandardCredentials forGlobalConfiguration(String host, String id) throws AbortException {
        List<StandardCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, requirements(host));
        StandardCredentials c = CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id));
        if (c == null) {
            throw new AbortException("No global credentials with ID '" + id + "'; " + ACCEPTED + " credentials are needed");
        }
        if (!isSupported(c)) {
            throw new AbortException("Credentials '" + id + "' are " + c.getDescriptor().getDisplayName()
                    + "; Databricks needs " + ACCEPTED);
        }
        if (c.getScope() == CredentialsScope.SYSTEM) {
            throw new AbortException("Credentials '" + id + "' have System scope, which builds cannot use; "
                    + "give them Global scope");
        }
        return c;
    }

    /**
     * The {@code oidc-provider} id token credential a federated credential names, as a build sees it: looked up in
     * the build's context and bound to the build, so each value it gives is a JWT minted for this build (its claims
     * name the job and the build). Its use is recorded.
     *
     * @throws AbortException naming both ids when it is missing or not an id token credential
     */
    static StringCredentials idTokenForBuild(DatabricksFederatedCredentials f, DatabricksTarget target, Run<?, ?> run)
            throws AbortException {
        StringCredentials idToken = CredentialsProvider.findCredentialById(f.getIdTokenCredentialsId(),
                StringCredentials.class, run);
        checkIdToken(f, idToken, "for Databricks " + target.displayName());
        CredentialsProvider.track(run, idToken);
        return idToken;
    }

    /** As {@link #idTokenForBuild} for Test Connection: a global id token credential, minting outside any build. */
    static StringCredentials idTokenForGlobalConfiguration(DatabricksFederatedCredentials f) throws AbortException {
        StringCredentials idToken = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StringCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                        List.of()), CredentialsMatchers.withId(f.getIdTokenCredentialsId()));
        checkIdToken(f, idToken, "globally");
        return idToken;
    }

    private static void checkIdToken(DatabricksFederatedCredentials f, @CheckForNull StringCredentials idToken,
            String where) throws AbortException {
        String id = f.getIdTokenCredentialsId();
        if (id.isEmpty()) {
            throw new AbortException("Credentials '" + f.getId() + "' name no OpenID Connect id token credential;"
                    + " choose one in the credential's 'OpenID Connect id token' field");
        }
        if (idToken == null) {
            throw new AbortException("Could not find the OpenID Connect id token credential '" + id + "' that"
                    + " credentials '" + f.getId() + "' name " + where + ": create it (kind 'OpenID Connect id token',"
                    + " plugin oidc-provider) in the job's folder or globally");
        }
        if (!DatabricksFederatedCredentials.isIdToken(idToken)) {
            throw new AbortException("Credentials '" + id + "' that credentials '" + f.getId() + "' name are "
                    + idToken.getDescriptor().getDisplayName() + "; federation needs an OpenID Connect id token"
                    + " credential (plugin oidc-provider), whose value is a JWT minted per build, never a stored"
                    + " secret");
        }
    }

    /**
     * Domain requirements of a host as users type it: the scheme and host name of where requests go, so that
     * credential domains restricted to a Databricks host match whether or not the user typed {@code https://}, a
     * path or {@code ?o=}.
     */
    static List<DomainRequirement> requirements(@CheckForNull String host) {
        String h = Util.fixEmptyAndTrim(host);
        if (h == null) {
            return List.of();
        }
        try {
            URI uri = URI.create(DatabricksClient.normalizeHost(h));
            return URIRequirementBuilder.create().withScheme(uri.getScheme()).withHostname(uri.getHost()).build();
        } catch (IllegalArgumentException e) {
            return List.of(); // the client rejects such a host with a clear message before any request
        }
    }

    private static Authentication authenticationOf(Item context) {
        // The identity builds of this item run as: what they can use is what the drop-down should offer.
        return context instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
