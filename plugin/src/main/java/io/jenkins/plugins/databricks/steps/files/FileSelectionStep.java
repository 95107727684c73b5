package io.jenkins.plugins.databricks.steps.files;

import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the steps that move files between the build's workspace and Databricks share ({@code databricksUpload},
 * {@code databricksImport}, {@code databricksDownload}): which files (Ant globs) and whether existing ones are
 * replaced. They run inside {@code node}, where the files are.
 */
public abstract class FileSelectionStep extends DatabricksOperationStep {

    private Boolean overwrite;
    private String includes;
    private String excludes;

    public boolean isOverwrite() {
        return overwrite != null && overwrite;
    }

    @DataBoundSetter
    public void setOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
    }

    public String getIncludes() {
        return includes;
    }

    /** @param includes Ant globs, comma-separated, such as {@code **}{@code /*.py, **}{@code /*.sql}; empty for all */
    @DataBoundSetter
    public void setIncludes(String includes) {
        this.includes = Util.fixEmptyAndTrim(includes);
    }

    public String getExcludes() {
        return excludes;
    }

    @DataBoundSetter
    public void setExcludes(String excludes) {
        this.excludes = Util.fixEmptyAndTrim(excludes);
    }

    /** @return comma-separated globs as a list, after expansion */
    protected static List<String> globs(OperationInputs in, String text) {
        String t = in.expand(text);
        return t == null ? List.of() : Arrays.stream(t.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }

    /** Steps that read or write the build's workspace need a {@code node}. */
    abstract static class WorkspaceStepDescriptor extends DatabricksStepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
