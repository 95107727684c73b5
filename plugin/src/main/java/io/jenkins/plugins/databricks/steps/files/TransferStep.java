package io.jenkins.plugins.databricks.steps.files;

import hudson.Util;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundSetter;

/** What {@code databricksImport} and {@code databricksUpload} share: which files of the build's workspace, and how. */
public abstract class TransferStep extends FileSelectionStep {

    private String source = ".";
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

    protected Object readResolve() {
        if (source == null) {
            source = ".";
        }
        return this;
    }
}
