package io.jenkins.plugins.databricks.builders;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Project;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import jenkins.tasks.SimpleBuildStep;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The freestyle build step "Databricks": one of the Pipeline steps' operations, chosen in the form, which shows
 * that step's own fields and help. Text fields may use {@code ${VARIABLE}} references to build variables. With
 * {@code outputFile} the answer is written as JSON to a file in the workspace, where later steps can read it.
 */
public final class DatabricksBuilder extends Builder implements SimpleBuildStep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatabricksOperationStep operation;
    private String outputFile;

    @DataBoundConstructor
    public DatabricksBuilder(DatabricksOperationStep operation) {
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    public DatabricksOperationStep getOperation() {
        return operation;
    }

    public String getOutputFile() {
        return outputFile;
    }

    /** @param outputFile path relative to the workspace for the JSON answer; blank to write nothing */
    @DataBoundSetter
    public void setOutputFile(String outputFile) {
        this.outputFile = Util.fixEmptyAndTrim(outputFile);
    }

    @Override
    public void perform(Run<?, ?> run, FilePath ws, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        // checked before the operation, so a bad path never leaves a Databricks change without its answer
        String relative = outputFile == null ? null : insideWorkspace(ws, env.expand(outputFile));
        Object answer = operation.perform(new OperationInputs(run, listener, env::expand, invocation(run), ws, env));
        if (relative != null) {
            FilePath file = ws.child(relative);
            FilePath parent = file.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            file.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n",
                    StandardCharsets.UTF_8.name());
            listener.getLogger().println("Databricks answer written to " + relative);
        }
    }

    /**
     * The output file must stay in the workspace: no absolute path, and no {@code ..} or symbolic link that leads
     * out of it (a {@code ${PARAM}} from someone with only Job/Build permission could otherwise write anywhere the
     * agent can).
     */
    private static String insideWorkspace(FilePath ws, String relative) throws IOException, InterruptedException {
        String refused = "outputFile '" + relative + "' must be a path inside the workspace, such as "
                + "databricks/answer.json; absolute paths and paths that lead out of the workspace are refused";
        if (Arguments.leavesWorkspace(relative)) {
            // FilePath.isDescendant cannot judge '..' below a directory that does not exist yet
            throw new AbortException(refused);
        }
        ws.mkdirs();
        try {
            if (!ws.isDescendant(relative)) {
                throw new AbortException(refused);
            }
        } catch (IllegalArgumentException e) {
            throw new AbortException(refused);
        }
        return relative;
    }

    /** Which build step of the project this is, so that two runs of one Databricks job in a build are two runs. */
    private String invocation(Run<?, ?> run) {
        if (run.getParent() instanceof Project<?, ?> project) {
            int index = project.getBuildersList().indexOf(this);
            if (index >= 0) {
                return "build step " + index;
            }
        }
        // Run by some other plugin's wrapper: unique to this call, which is all a retried request needs.
        return UUID.randomUUID().toString();
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public String getDisplayName() {
            return "Databricks";
        }

        @SuppressWarnings("rawtypes") // the signature of BuildStepDescriptor
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        /** The operations the form offers: every Databricks Pipeline step except the {@code withDatabricks} block. */
        public List<DatabricksStepDescriptor> getOperationDescriptors() {
            List<DatabricksStepDescriptor> result = new ArrayList<>();
            for (DatabricksStepDescriptor d : ExtensionList.lookup(DatabricksStepDescriptor.class)) {
                if (DatabricksOperationStep.class.isAssignableFrom(d.clazz)) {
                    result.add(d);
                }
            }
            return result;
        }

        /**
         * Binds the chosen operation through its own descriptor, so its form handling ({@code name=value} lines,
         * JSON text) applies and its form errors reach the user, and accepts only an operation the form offers.
         */
        @Override
        public DatabricksBuilder newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            JSONObject chosen = formData.optJSONObject("operation");
            String className = chosen == null ? "" : chosen.optString("$class", chosen.optString("stapler-class"));
            for (DatabricksStepDescriptor d : getOperationDescriptors()) {
                if (d.clazz.getName().equals(className)) {
                    DatabricksBuilder builder = new DatabricksBuilder((DatabricksOperationStep) d.newInstance(req, chosen));
                    builder.setOutputFile(formData.optString("outputFile"));
                    return builder;
                }
            }
            throw new FormException("Choose one of the Databricks operations, not '" + className + "'", "operation");
        }
    }
}
