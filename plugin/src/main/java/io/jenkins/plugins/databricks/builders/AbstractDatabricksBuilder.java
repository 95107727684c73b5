package io.jenkins.plugins.databricks.builders;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Builder;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.OperationRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A freestyle build step doing what one of the Pipeline steps does, through the same
 * {@link DatabricksOperation}. Text fields may use {@code ${VARIABLE}} references to build variables. With
 * {@code outputFile} the answer is written as JSON to a file in the workspace, where later steps can read it.
 */
public abstract class AbstractDatabricksBuilder extends Builder implements SimpleBuildStep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String workspace;
    private String host;
    private String credentialsId;
    private String outputFile;

    public String getWorkspace() {
        return workspace;
    }

    @DataBoundSetter
    public void setWorkspace(String workspace) {
        this.workspace = Util.fixEmptyAndTrim(workspace);
    }

    public String getHost() {
        return host;
    }

    @DataBoundSetter
    public void setHost(String host) {
        this.host = Util.fixEmptyAndTrim(host);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getOutputFile() {
        return outputFile;
    }

    /** @param outputFile path relative to the workspace for the JSON answer; blank to write nothing */
    @DataBoundSetter
    public void setOutputFile(String outputFile) {
        this.outputFile = Util.fixEmptyAndTrim(outputFile);
    }

    /**
     * Checks this build step's fields (after variable expansion) and says what it will do, before the workspace
     * is resolved and before any request.
     */
    protected abstract DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException;

    @Override
    public void perform(Run<?, ?> run, FilePath ws, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        DatabricksOperation operation = operation(run, env);
        Object answer = OperationRunner.run(operation, env.expand(workspace), env.expand(host), credentialsId, run,
                listener);
        if (outputFile != null) {
            String relative = env.expand(outputFile);
            FilePath file = ws.child(relative);
            FilePath parent = file.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            file.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n",
                    StandardCharsets.UTF_8.name());
            listener.getLogger().println("Databricks answer written to " + relative);
        }
    }
}
