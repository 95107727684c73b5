package io.jenkins.plugins.databricks.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.NameWith;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksCredentials;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A Databricks service principal reached through workload identity federation, with no stored secret: each build
 * gets a short-lived JWT from an OpenID Connect id token credential of the {@code oidc-provider} plugin (Jenkins
 * as the issuer), and the controller exchanges it at the workspace's token endpoint for a Databricks OAuth access
 * token. The service principal's federation policy decides which tokens it accepts (issuer, audience, subject).
 *
 * <p>This credential holds two ids and nothing secret. The kind is offered only when the {@code oidc-provider}
 * plugin is installed; there is no compile-time dependency on it: its id token credential is a
 * {@link StringCredentials} whose value is a JWT minted for the build that looks it up.
 */
@NameWith(DatabricksFederatedCredentials.NameProvider.class)
public final class DatabricksFederatedCredentials extends BaseStandardCredentials {

    private static final long serialVersionUID = 1L;

    /** The short name of the plugin that issues the id tokens. */
    public static final String OIDC_PROVIDER_PLUGIN = "oidc-provider";

    /** The class of {@code oidc-provider}'s id token credential whose value is the JWT itself. */
    static final String ID_TOKEN_CLASS = "io.jenkins.plugins.oidc_provider.IdTokenStringCredentials";

    private final String idTokenCredentialsId;
    private final String clientId;

    /**
     * @param idTokenCredentialsId the id of an {@code oidc-provider} "OpenID Connect id token" credential
     * @param clientId the service principal's application id; empty for an account-wide federation policy
     */
    @DataBoundConstructor
    public DatabricksFederatedCredentials(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description, @CheckForNull String idTokenCredentialsId,
            @CheckForNull String clientId) {
        super(scope, id, description);
        this.idTokenCredentialsId = Util.fixNull(idTokenCredentialsId).trim();
        this.clientId = Util.fixNull(clientId).trim();
    }

    /** @return the id of the {@code oidc-provider} id token credential whose JWTs are exchanged */
    @NonNull
    public String getIdTokenCredentialsId() {
        return idTokenCredentialsId;
    }

    /** @return the service principal's application id, or empty for an account-wide federation policy */
    @NonNull
    public String getClientId() {
        return clientId;
    }

    /** @return whether these credentials are an {@code oidc-provider} id token credential (a JWT per build) */
    public static boolean isIdToken(@CheckForNull Credentials c) {
        return c != null && ID_TOKEN_CLASS.equals(c.getClass().getName());
    }

    /** Names the credential in drop-downs by its service principal and the id token credential it uses. */
    public static final class NameProvider extends CredentialsNameProvider<DatabricksFederatedCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull DatabricksFederatedCredentials c) {
            String description = Util.fixEmptyAndTrim(c.getDescription());
            String who = c.getClientId().isEmpty() ? "account-wide policy" : c.getClientId();
            return who + " via " + c.getIdTokenCredentialsId() + (description == null ? "" : " (" + description + ")");
        }
    }

    @Extension
    @Symbol("databricksFederated")
    public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Databricks service principal (federated: Jenkins OpenID Connect id token, no secret)";
        }

        /** Offered only where {@code oidc-provider} can issue the id tokens this kind exchanges. */
        @Override
        public boolean isApplicable(CredentialsProvider provider) {
            Jenkins j = Jenkins.getInstanceOrNull();
            return j != null && j.getPlugin(OIDC_PROVIDER_PLUGIN) != null && super.isApplicable(provider);
        }

        /**
         * The {@code oidc-provider} id token credentials that builds where this credential is stored can use; only
         * the saved value for someone who may not see which credentials exist there.
         */
        @POST
        public ListBoxModel doFillIdTokenCredentialsIdItems(@AncestorInPath Item context,
                @QueryParameter String idTokenCredentialsId) {
            return DatabricksCredentials.hasPermission(context)
                    ? DatabricksCredentials.fillIdTokens(context, idTokenCredentialsId)
                    : DatabricksCredentials.currentValueOnly(idTokenCredentialsId);
        }

        // Pure syntax checks: they read no credential and open no connection, so need no permission.
        @POST
        public FormValidation doCheckClientId(@QueryParameter String value) {
            String id = Util.fixEmptyAndTrim(value);
            if (id != null && id.chars().anyMatch(Character::isWhitespace)) {
                return FormValidation.error("Client ID must not contain spaces: it is the service principal's "
                        + "application ID, for example 1b2c3d4e-aaaa-bbbb-cccc-0123456789ab; leave it empty for an "
                        + "account-wide federation policy");
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckIdTokenCredentialsId(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("Choose the OpenID Connect id token credential whose tokens the "
                        + "service principal's federation policy trusts");
            }
            return FormValidation.ok();
        }
    }
}
