package io.jenkins.plugins.databricks.steps.support;

import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A Pipeline step that talks to one Databricks workspace.
 *
 * <p>The workspace is named by {@code workspace:} (a configured workspace), or by {@code host:} plus
 * {@code credentialsId:}, or left out to use the default workspace; {@link io.jenkins.plugins.databricks.DatabricksConnector}
 * applies those rules. The step holds credential ids only, never a secret.
 */
public abstract class AbstractDatabricksStep extends Step {

    private String workspace;
    private String host;
    private String credentialsId;

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
}
