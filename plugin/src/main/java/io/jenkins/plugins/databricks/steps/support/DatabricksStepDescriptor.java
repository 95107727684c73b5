package io.jenkins.plugins.databricks.steps.support;

import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksCredentials;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.DatabricksWorkspace;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every Databricks step's descriptor shares: its context and the connection drop-downs. The drop-downs answer
 * POST only (Jenkins fills a select with a POST that carries the crumb) and list what exists only to those who may
 * configure the job, or administer Jenkins outside any job; everyone else gets the saved value back.
 */
public abstract class DatabricksStepDescriptor extends StepDescriptor {

    /** The package every step class was in before issue 22 moved most of them to sub-packages. */
    public static final String FORMER_PACKAGE = "io.jenkins.plugins.databricks.steps.";

    /**
     * The id a step's descriptor had before its class moved to a sub-package of {@code steps}: the flow nodes of
     * builds saved before the move name their step by this id ({@code descriptorId}), so it stays what it was and
     * those builds keep showing their steps.
     */
    @Override
    public String getId() {
        return FORMER_PACKAGE + clazz.getSimpleName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    /**
     * Configured workspace names, led by an empty choice meaning "the default workspace". Names reveal no credential,
     * so whoever may read the job (or, outside a job, Jenkins) sees them.
     */
    @POST
    public ListBoxModel doFillWorkspaceItems(@AncestorInPath Item item, @QueryParameter String workspace) {
        ListBoxModel items = new ListBoxModel();
        items.add("(default workspace)", "");
        if (!(item == null ? Jenkins.get().hasPermission(Jenkins.READ) : item.hasPermission(Item.READ))) {
            String current = Util.fixEmptyAndTrim(workspace);
            if (current != null) {
                items.add(current);
            }
            return items;
        }
        for (DatabricksWorkspace w : DatabricksGlobalConfiguration.get().getWorkspaces()) {
            items.add(w.getName());
        }
        return items;
    }

    /** Credentials for an ad-hoc {@code host}: a personal access token or a service principal. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String host,
                                                 @QueryParameter String credentialsId) {
        if (!DatabricksCredentials.hasPermission(item)) {
            return DatabricksCredentials.currentValueOnly(credentialsId);
        }
        return DatabricksCredentials.fill(item, host, credentialsId);
    }
}
