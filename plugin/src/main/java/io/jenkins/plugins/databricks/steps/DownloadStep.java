package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code databricksDownload}: fetches a file or a directory tree from a Unity Catalog volume, DBFS or the workspace
 * into a directory of the build's workspace, on the agent that holds it, streamed, and returns the files fetched
 * with their sizes. The test reports a Databricks job left in a volume come home this way, for {@code junit}.
 */
public class DownloadStep extends DatabricksOperationStep {

    private final String source;
    private String target = ".";
    private String includes;
    private String excludes;
    private boolean overwrite;
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

    public String getIncludes() {
        return includes;
    }

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

    public boolean isOverwrite() {
        return overwrite;
    }

    @DataBoundSetter
    public void setOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
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
        return new DownloadOperation(s, insideWorkspace(in.expand(target)), globs(in, includes), globs(in, excludes),
                overwrite, allowEmpty);
    }

    /** The target must stay in the build's workspace; links that lead out of it are refused where the files land. */
    static String insideWorkspace(String target) throws AbortException {
        String t = target == null || target.isBlank() ? "." : target.strip();
        if (t.startsWith("/") || t.startsWith("\\") || t.matches("^[A-Za-z]:.*")
                || Arrays.asList(t.split("[/\\\\]")).contains("..")) {
            throw new AbortException("target '" + t + "' must be a directory inside the build's workspace, such as"
                    + " reports; absolute paths and paths that lead out of the workspace are refused");
        }
        return t;
    }

    private static List<String> globs(OperationInputs in, String text) {
        String t = in.expand(text);
        return t == null ? List.of() : Arrays.stream(t.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }

    protected Object readResolve() {
        if (target == null) {
            target = ".";
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksDownload";
        }

        @Override
        public String getDisplayName() {
            return "Download files from a volume, DBFS or the workspace";
        }

        /** The files land in the build's workspace: a {@code node} is needed. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
