package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.Util;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.util.Map;

/** Creates a secret scope, or with {@code ignoreExisting} accepts one that is already there. */
public final class CreateSecretScopeOperation implements DatabricksOperation {

    private final String scope;
    private final String initialManagePrincipal;
    private final boolean ignoreExisting;

    public CreateSecretScopeOperation(String scope, String initialManagePrincipal, boolean ignoreExisting)
            throws AbortException {
        this.scope = Arguments.required("scope", scope, "the name of the secret scope to create");
        this.initialManagePrincipal = Util.fixEmptyAndTrim(initialManagePrincipal);
        this.ignoreExisting = ignoreExisting;
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws InterruptedException {
        Map<String, Object> result = client.secrets().createScope(scope, initialManagePrincipal, ignoreExisting);
        boolean created = Boolean.TRUE.equals(result.get("created"));
        listener.getLogger().println("Databricks secret scope " + scope
                + (created ? " created" : " already exists; left as it is"));
        return result;
    }
}
