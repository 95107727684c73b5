package io.jenkins.plugins.databricks.steps.operations;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Writes a secret whose value comes from a Jenkins credential (Secret text, or Secret file for binary
 * content), looked up in the context of the build. The value is never logged, returned or put in a message;
 * the step returns the scope and the key only.
 */
public final class PutSecretOperation implements DatabricksOperation {

    private final String scope;
    private final String key;
    private final String secretCredentialsId;
    /** A String (Secret text) or byte[] (Secret file); held only for the duration of the build step. */
    private final Object value;

    public PutSecretOperation(String scope, String key, String secretCredentialsId, Run<?, ?> run)
            throws IOException {
        this.scope = Arguments.required("scope", scope, "the name of the secret scope");
        this.key = Arguments.required("key", key, "the name of the secret within the scope");
        this.secretCredentialsId = Arguments.required("secretCredentialsId", secretCredentialsId,
                "the id of a Secret text or Secret file credential that holds the value");
        this.value = read(this.secretCredentialsId, run);
    }

    private static Object read(String id, Run<?, ?> run) throws IOException {
        StandardCredentials credentials =
                CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, List.of());
        if (credentials == null) {
            throw new AbortException("secretCredentialsId: no credential with id '" + id
                    + "' is visible to this build (a Secret text or Secret file credential in the job's folder"
                    + " or in the global store)");
        }
        if (credentials instanceof StringCredentials text) {
            CredentialsProvider.track(run, credentials);
            return text.getSecret().getPlainText();
        }
        if (credentials instanceof FileCredentials file) {
            CredentialsProvider.track(run, credentials);
            try (InputStream in = file.getContent()) {
                return in.readAllBytes();
            }
        }
        throw new AbortException("secretCredentialsId: credential '" + id
                + "' is neither Secret text nor Secret file; only those kinds can hold a secret value");
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws InterruptedException {
        if (value instanceof byte[] bytes) {
            client.secrets().putSecret(scope, key, bytes);
        } else {
            client.secrets().putSecret(scope, key, (String) value);
        }
        listener.getLogger().println("Databricks secret " + scope + "/" + key + " written from credential "
                + secretCredentialsId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scope", scope);
        result.put("key", key);
        return result;
    }
}
