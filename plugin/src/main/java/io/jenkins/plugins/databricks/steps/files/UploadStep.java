package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code databricksUpload}: uploads a file or a directory tree of the build's workspace to a Unity Catalog volume
 * ({@code /Volumes/<catalog>/<schema>/<volume>/...}) or to DBFS ({@code dbfs:/...}), streamed, and returns the files
 * sent with their sizes.
 */
public class UploadStep extends TransferStep {

    private final String target;

    @DataBoundConstructor
    public UploadStep(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getTarget() {
        return target;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        String t = Arguments.required("target", in.expand(target),
                "a path under /Volumes/<catalog>/<schema>/<volume>/ or dbfs:/");
        return new UploadOperation(source(in), t, isOverwrite(), globs(in, getIncludes()), globs(in, getExcludes()),
                isDefaultExcludes());
    }

    @Extension
    public static final class DescriptorImpl extends WorkspaceStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksUpload";
        }

        @Override
        public String getDisplayName() {
            return "Upload files to a Unity Catalog volume or DBFS";
        }
    }
}
