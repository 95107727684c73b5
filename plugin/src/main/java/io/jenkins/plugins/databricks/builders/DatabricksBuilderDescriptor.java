package io.jenkins.plugins.databricks.builders;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Item;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksCredentials;
import io.jenkins.plugins.databricks.steps.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.StartClusterStep;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every Databricks build step's descriptor shares: the connection drop-downs, and help pages taken from
 * the matching Pipeline step, so each field is documented once.
 */
public abstract class DatabricksBuilderDescriptor extends BuildStepDescriptor<Builder> {

    /**
     * @param step the Pipeline step whose help pages describe the same fields
     * @param fields the fields this build step shares with that step
     */
    protected DatabricksBuilderDescriptor(Class<? extends Describable> step, String... fields) {
        for (String field : new String[] {"workspace", "host", "credentialsId"}) {
            addHelpFileRedirect(field, step, field);
        }
        for (String field : fields) {
            addHelpFileRedirect(field, step, field);
        }
    }

    @SuppressWarnings("rawtypes") // the signature of BuildStepDescriptor
    @Override
    public boolean isApplicable(Class<? extends AbstractProject> jobType) {
        return true;
    }

    @POST
    public ListBoxModel doFillWorkspaceItems(@AncestorInPath Item item, @QueryParameter String workspace) {
        return step().doFillWorkspaceItems(item, workspace);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String host,
                                                 @QueryParameter String credentialsId) {
        if (!DatabricksCredentials.hasPermission(item)) {
            return DatabricksCredentials.currentValueOnly(credentialsId);
        }
        return DatabricksCredentials.fill(item, host, credentialsId);
    }

    private static DatabricksStepDescriptor step() {
        return Jenkins.get().getDescriptorByType(StartClusterStep.DescriptorImpl.class);
    }
}
