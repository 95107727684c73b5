package io.jenkins.plugins.databricks.steps;

import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.kohsuke.stapler.DataBoundSetter;

/** What {@code databricksImport} and {@code databricksUpload} share: which files of the build's workspace, and how. */
public abstract class TransferStep extends DatabricksOperationStep {

    private String source = ".";
    private Boolean overwrite;
    private String includes;
    private String excludes;
    /** Null (older configurations, and the default) means on. */
    private Boolean defaultExcludes;

    public String getSource() {
        return source;
    }

    /** @param source a file or directory, relative to the build's workspace; default {@code .} */
    @DataBoundSetter
    public void setSource(String source) {
        String s = Util.fixEmptyAndTrim(source);
        this.source = s == null ? "." : s;
    }

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

    public boolean isDefaultExcludes() {
        return defaultExcludes == null || defaultExcludes;
    }

    /**
     * @param defaultExcludes leave out version-control and bytecode files ({@code .git/}, {@code .gitignore},
     *                        {@code __pycache__/}, {@code *.pyc}, ...) whatever {@code excludes} says; default true
     */
    @DataBoundSetter
    public void setDefaultExcludes(boolean defaultExcludes) {
        this.defaultExcludes = defaultExcludes ? null : Boolean.FALSE;
    }

    /** @return the source after expansion (freestyle variables) */
    protected final String source(OperationInputs in) {
        return in.expand(source);
    }

    /** @return comma-separated globs as a list, after expansion */
    protected static List<String> globs(OperationInputs in, String text) {
        String t = in.expand(text);
        return t == null ? List.of() : Arrays.stream(t.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }

    protected Object readResolve() {
        if (source == null) {
            source = ".";
        }
        return this;
    }

    /** Steps that read the build's workspace need a {@code node}. */
    abstract static class TransferStepDescriptor extends DatabricksStepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
