package io.jenkins.plugins.databricks.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.Secret;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The stored form of {@link DatabricksServicePrincipalCredentials}; the secret is kept encrypted as a {@link Secret}. */
public final class DatabricksServicePrincipalCredentialsImpl extends BaseStandardCredentials
        implements DatabricksServicePrincipalCredentials {

    private static final long serialVersionUID = 1L;

    private final String clientId;
    private final Secret clientSecret;

    @DataBoundConstructor
    public DatabricksServicePrincipalCredentialsImpl(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description, @CheckForNull String clientId, @CheckForNull Secret clientSecret) {
        super(scope, id, description);
        this.clientId = Util.fixNull(clientId).trim();
        this.clientSecret = clientSecret == null ? Secret.fromString("") : clientSecret;
    }

    @NonNull
    @Override
    public String getClientId() {
        return clientId;
    }

    @NonNull
    @Override
    public Secret getClientSecret() {
        return clientSecret;
    }

    @Extension
    @Symbol("databricksServicePrincipal")
    public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Databricks service principal (OAuth Client ID and secret)";
        }

        // Pure syntax checks: they read no credential and open no connection, so need no permission. An empty field
        // is not reported: an untouched form stays quiet, as Jenkins' own credential forms do.
        @POST
        public FormValidation doCheckClientId(@QueryParameter String value) {
            String id = Util.fixEmptyAndTrim(value);
            if (id != null && id.chars().anyMatch(Character::isWhitespace)) {
                return FormValidation.error("Client ID must not contain spaces: it is the service principal's "
                        + "application ID, for example 1b2c3d4e-aaaa-bbbb-cccc-0123456789ab");
            }
            return FormValidation.ok();
        }
    }
}
