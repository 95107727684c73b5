package io.jenkins.plugins.databricks;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.ModelObject;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentialsImpl;
import java.io.IOException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** Small builders for the tests: credentials in a store of a given context, and workspaces. */
final class TestSupport {

    private TestSupport() {
    }

    static StringCredentialsImpl token(String id, String token) {
        return new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "test token", Secret.fromString(token));
    }

    static DatabricksServicePrincipalCredentialsImpl servicePrincipal(String id, String clientId, String secret) {
        return new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL, id, "test service principal",
                clientId, Secret.fromString(secret));
    }

    static <C extends Credentials> C addGlobal(C credentials) throws IOException {
        return addTo(Jenkins.get(), credentials);
    }

    /** Adds to the store that belongs to exactly this context (a folder's own store, or the system store). */
    static <C extends Credentials> C addTo(ModelObject context, C credentials) throws IOException {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            if (store.getContext() == context) {
                store.addCredentials(Domain.global(), credentials);
                return credentials;
            }
        }
        throw new AssertionError("no credentials store for " + context.getDisplayName());
    }

    static DatabricksWorkspace workspace(String name, String host, String credentialsId, boolean isDefault) {
        DatabricksWorkspace w = new DatabricksWorkspace(name, host, credentialsId);
        w.setDefaultWorkspace(isDefault);
        return w;
    }

    /** Configures the workspaces; plain http:// is allowed, since the emulator listens on a loopback address. */
    static void configure(DatabricksWorkspace... workspaces) {
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of(workspaces));
    }

    /** Lets Jenkinsfiles name these hosts with host: (and plain http:// to loopback, for the emulator). */
    static void allowAdHoc(String... hosts) {
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setAllowedHosts(String.join("\n", hosts));
    }
}
