package io.jenkins.plugins.databricks.steps.support;

import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import java.io.IOException;

/**
 * One thing a Pipeline step or a freestyle build step does against a workspace, written once for both.
 *
 * <p>Implementations check their own arguments in their constructor (so bad input fails before any
 * credentials lookup or request) and return plain, {@link java.io.Serializable} values: what the client
 * returns ({@code LinkedHashMap}, {@code ArrayList}, {@code String}, numbers, booleans) or maps built from them.
 */
public interface DatabricksOperation {

    /**
     * @param client a client for the resolved workspace
     * @param listener where progress goes; never receives a token or a secret value
     * @return the answer the step returns and the build step writes to its output file
     */
    Object perform(DatabricksClient client, TaskListener listener) throws IOException, InterruptedException;
}
