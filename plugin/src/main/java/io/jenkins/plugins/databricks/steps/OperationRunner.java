package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import java.io.IOException;

/**
 * Connects an operation to its workspace and turns Databricks failures into build failures.
 *
 * <p>Steps and build steps both come through here, so the rules for choosing the workspace and the wording of
 * failures are the same in Pipeline and freestyle.
 */
public final class OperationRunner {

    private OperationRunner() {}

    /**
     * @param workspace configured workspace name, or null
     * @param host ad-hoc host, or null
     * @param credentialsId ad-hoc credentials id, or null
     * @return what the operation returned
     * @throws AbortException for a missing workspace or credential, invalid input or a failed Databricks call;
     *     its message is the client's, which never carries a token
     */
    public static Object run(DatabricksOperation operation, String workspace, String host, String credentialsId,
                             Run<?, ?> run, TaskListener listener) throws IOException, InterruptedException {
        DatabricksTarget target = DatabricksConnector.resolve(workspace, host, credentialsId);
        try {
            DatabricksClient client = DatabricksConnector.client(target, run);
            return operation.perform(client, listener);
        } catch (DatabricksException | IllegalArgumentException e) {
            // The stack trace of a remote failure helps nobody reading a build log; the message says it all.
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
    }
}
