package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code databricksDownload}: fetches a file or a directory tree from a Unity Catalog volume, DBFS or the workspace
 * into a directory of the build's workspace, on the agent that holds it, streamed, and returns the files fetched
 * with their sizes. The test reports a Databricks job left in a volume come home this way, for {@code junit}.
 */
public class DownloadStep extends FileSelectionStep {

    private final String source;
    private String target = ".";
    private boolean allowEmpty;

    @DataBoundConstructor
    public DownloadStep(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    public String getSource() {
        return source;
    }

    public String getTarget() {
        return target;
    }

    /** @param target a directory of the build's workspace (created when missing); default {@code .} */
    @DataBoundSetter
    public void setTarget(String target) {
        String t = Util.fixEmptyAndTrim(target);
        this.target = t == null ? "." : t;
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        String s = Arguments.required("source", in.expand(source), "a path under /Volumes/<catalog>/<schema>/<volume>/,"
                + " dbfs:/... or a workspace path such as /Workspace/Shared/app");
        return new DownloadOperation(s, insideWorkspace(in.expand(target)), globs(in, getIncludes()),
                globs(in, getExcludes()), isOverwrite(), allowEmpty);
    }

    /** The target must stay in the build's workspace; links that lead out of it are refused where the files land. */
    static String insideWorkspace(String target) throws AbortException {
        String t = target == null || target.isBlank() ? "." : target.strip();
        if (Arguments.leavesWorkspace(t)) {
            throw new AbortException("target '" + t + "' must be a directory inside the build's workspace, such as"
                    + " reports; absolute paths and paths that lead out of the workspace are refused");
        }
        return t;
    }

    protected Object readResolve() {
        if (target == null) {
            target = ".";
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends WorkspaceStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksDownload";
        }

        @Override
        public String getDisplayName() {
            return "Download files from a volume, DBFS or the workspace";
        }
    }
}
