package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.workspace.RepoUpdateRequest;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code databricksUpdateRepo}: brings a Databricks Git folder (Repos API), found by its workspace path, to a branch
 * or tag, optionally creating it and checking that it ends on an expected commit; returns the Git folder with its
 * head commit.
 */
public class UpdateRepoStep extends DatabricksOperationStep {

    private final String path;
    private String url;
    private String provider;
    private String branch;
    private String tag;
    private String commit;
    private boolean create;

    @DataBoundConstructor
    public UpdateRepoStep(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getPath() {
        return path;
    }

    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getProvider() {
        return provider;
    }

    @DataBoundSetter
    public void setProvider(String provider) {
        this.provider = Util.fixEmptyAndTrim(provider);
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = Util.fixEmptyAndTrim(branch);
    }

    public String getTag() {
        return tag;
    }

    @DataBoundSetter
    public void setTag(String tag) {
        this.tag = Util.fixEmptyAndTrim(tag);
    }

    public String getCommit() {
        return commit;
    }

    @DataBoundSetter
    public void setCommit(String commit) {
        this.commit = Util.fixEmptyAndTrim(commit);
    }

    public boolean isCreate() {
        return create;
    }

    @DataBoundSetter
    public void setCreate(boolean create) {
        this.create = create;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        String p = Arguments.required("path", in.expand(path), "the Git folder's workspace path, such as /Repos/ci/app");
        RepoUpdateRequest request;
        try {
            request = RepoUpdateRequest.builder(p).url(in.expand(url)).provider(in.expand(provider))
                    .branch(in.expand(branch)).tag(in.expand(tag)).commit(in.expand(commit)).createIfMissing(create)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return (DatabricksClient client, TaskListener listener) -> client.repos().update(request,
                listener.getLogger()::println);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksUpdateRepo";
        }

        @Override
        public String getDisplayName() {
            return "Update a Databricks Git folder to a branch or tag";
        }
    }
}
