package io.jenkins.plugins.databricks.steps;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;

/** What every Databricks step's descriptor shares: its context and the connection drop-downs. */
public abstract class DatabricksStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    public ListBoxModel doFillWorkspaceItems() {
        return DatabricksForms.workspaceItems();
    }

    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return DatabricksForms.connectionCredentialsItems(item, credentialsId);
    }
}
