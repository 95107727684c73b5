package io.jenkins.plugins.databricks.steps.files;

import hudson.FilePath;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.AgentClient;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.io.IOException;

/**
 * An operation that sends files of the build's workspace: it runs where the files are (the agent), so that they
 * are read and streamed to Databricks there, never copied through the controller first.
 */
public interface FilesOperation extends DatabricksOperation {

    /**
     * @param client how to sign in where the files are
     * @param workspace the build's workspace
     * @param listener where progress goes
     * @return the answer the step returns
     */
    Object perform(AgentClient client, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException;

    @Override
    default Object perform(DatabricksClient client, TaskListener listener) {
        throw new IllegalStateException("this operation reads the build's workspace; see DatabricksOperationStep");
    }
}
