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
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * Finding and listing the two credential kinds Databricks accepts: Secret text (a personal access token) and
 * {@link DatabricksServicePrincipalCredentials}. Form methods of steps and builders can call {@link #fill} and
 * {@link #check} from their own {@code @POST} methods; both enforce the permission rules themselves.
 */
public final class DatabricksCredentials {

    static final String ACCEPTED = "Secret text (a personal access token) or Databricks service principal";

    private DatabricksCredentials() {
    }

    /** @return whether Databricks can authenticate with these credentials */
    public static boolean isSupported(@CheckForNull StandardCredentials c) {
        return c instanceof StringCredentials || c instanceof DatabricksServicePrincipalCredentials;
    }

    /**
     * Credentials drop-down for a form. Global context (no item): requires Overall/Administer. Item context:
     * requires Item/Configure on it. Without the permission only the current value comes back, so nobody learns
     * which credential ids exist.
     *
     * @param context the job or folder whose form this is, or null for the global configuration
     * @param host the workspace host, used to honour credential domains; may be blank
     * @param currentValue the id currently selected
     */
    public static ListBoxModel fill(@CheckForNull Item context, @CheckForNull String host,
            @CheckForNull String currentValue) {
        StandardListBoxModel result = new StandardListBoxModel();
        String current = Util.fixNull(currentValue);
        if (!canList(context)) {
            result.includeCurrentValue(current);
            return result;
        }
        result.includeEmptyValue();
        List<DomainRequirement> requirements = requirements(host);
        // System-scoped credentials are invisible to builds, so offering them would only produce failing jobs.
        CredentialsMatcher usableByBuilds = CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
        if (context == null) {
            Jenkins jenkins = Jenkins.get();
            result.includeMatchingAs(ACL.SYSTEM2, jenkins, StringCredentials.class, requirements, usableByBuilds);
            result.includeMatchingAs(ACL.SYSTEM2, jenkins, DatabricksServicePrincipalCredentials.class, requirements,
                    usableByBuilds);
        } else {
            Authentication auth = authenticationOf(context);
            result.includeMatchingAs(auth, context, StringCredentials.class, requirements, usableByBuilds);
            result.includeMatchingAs(auth, context, DatabricksServicePrincipalCredentials.class, requirements,
                    usableByBuilds);
        }
        result.includeCurrentValue(current);
        return result;
    }

    /**
     * Form validation of a credentials id, with the same permission rules as {@link #fill}. A missing id is a
     * warning, not an error: a build may find it in its folder.
     */
    public static FormValidation check(@CheckForNull Item context, @CheckForNull String host,
            @CheckForNull String value) {
        if (!canList(context)) {
            return FormValidation.ok();
        }
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.error("Select the credentials: " + ACCEPTED);
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
     * Domain requirements of a host as users type it: scheme and host name only, so that credential domains
     * restricted to a Databricks host match whether or not the user typed {@code https://}, a path or {@code ?o=}.
     */
    static List<DomainRequirement> requirements(@CheckForNull String host) {
        String h = Util.fixEmptyAndTrim(host);
        if (h == null) {
            return List.of();
        }
        try {
            URI uri = new URI(h.contains("://") ? h : "https://" + h);
            if (uri.getHost() == null) {
                return List.of();
            }
            return URIRequirementBuilder.create().withScheme(uri.getScheme()).withHostname(uri.getHost()).build();
        } catch (URISyntaxException e) {
            return List.of(); // the client rejects such a host with a clear message before any request
        }
    }

    private static boolean canList(@CheckForNull Item context) {
        return context == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : context.hasPermission(Item.CONFIGURE);
    }

    private static Authentication authenticationOf(Item context) {
        // The identity builds of this item run as: what they can use is what the drop-down should offer.
        return context instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
