package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.client.workspace.ImportRequest;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code databricksImport}: imports a file or a directory tree of the build's workspace into the Databricks
 * workspace (notebooks by extension and header, as the Databricks CLI does, or as files) and returns the imported
 * objects ({@code source}, {@code path}, {@code object_type}, {@code language}).
 */
public class ImportStep extends TransferStep {

    private final String path;
    private String format = "AUTO";

    @DataBoundConstructor
    public ImportStep(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getPath() {
        return path;
    }

    public String getFormat() {
        return format;
    }

    /** @param format AUTO (notebooks by extension and header, as the CLI), NOTEBOOK or FILE */
    @DataBoundSetter
    public void setFormat(String format) {
        String f = Util.fixEmptyAndTrim(format);
        this.format = f == null ? "AUTO" : f;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        String p = Arguments.required("path", in.expand(path), "an absolute workspace path such as /Shared/app");
        return new ImportOperation(source(in), p, in.expand(format), isOverwrite(), globs(in, getIncludes()),
                globs(in, getExcludes()), isDefaultExcludes());
    }

    @Override
    protected Object readResolve() {
        if (format == null) {
            format = "AUTO";
        }
        return super.readResolve();
    }

    @Extension
    public static final class DescriptorImpl extends WorkspaceStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksImport";
        }

        @Override
        public String getDisplayName() {
            return "Import notebooks and files into the Databricks workspace";
        }

        @POST
        public ListBoxModel doFillFormatItems() {
            ListBoxModel items = new ListBoxModel();
            for (String f : ImportRequest.FORMATS) {
                items.add(f);
            }
            return items;
        }
    }
}
