package io.jenkins.plugins.databricks.credentials;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.NameWith;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.util.Secret;

/**
 * A Databricks service principal that signs in with OAuth machine-to-machine: its application (client) id and an
 * OAuth secret created for it in the Databricks account or workspace.
 */
@NameWith(DatabricksServicePrincipalCredentials.NameProvider.class)
public interface DatabricksServicePrincipalCredentials extends StandardCredentials {

    /** @return the service principal's application id, as shown in Databricks; not a secret */
    @NonNull
    String getClientId();

    /** @return the OAuth secret of the service principal */
    @NonNull
    Secret getClientSecret();

    /** Names the credential in drop-downs by its client id, which is what admins recognise from Databricks. */
    class NameProvider extends CredentialsNameProvider<DatabricksServicePrincipalCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull DatabricksServicePrincipalCredentials c) {
            String description = Util.fixEmptyAndTrim(c.getDescription());
            return c.getClientId() + (description == null ? "" : " (" + description + ")");
        }
    }
}
