package io.jenkins.plugins.databricks.steps.run;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.steps.RunJobOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.KeyValueText;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code databricksRunJob}: triggers a Databricks job, waits for the run and returns it as a map
 * ({@code run_id}, {@code run_page_url}, {@code result_state}, ...).
 */
public class RunJobStep extends RunStep {

    private final long jobId;
    /** Freestyle only: a {@code ${VARIABLE}} whose value at build time is the job id (then {@code jobId} is 0). */
    private String jobIdVariable;

    @DataBoundConstructor
    public RunJobStep(long jobId) {
        this.jobId = jobId;
    }

    public long getJobId() {
        return jobId;
    }

    public String getJobIdVariable() {
        return jobIdVariable;
    }

    /** @param jobIdVariable a {@code ${VARIABLE}} holding the job id, for freestyle jobs; Pipeline passes jobId */
    @DataBoundSetter
    public void setJobIdVariable(String jobIdVariable) {
        this.jobIdVariable = Util.fixEmptyAndTrim(jobIdVariable);
    }

    /** For the form: the job id, or the variable that holds it. */
    public String getJobIdText() {
        return jobIdVariable != null ? jobIdVariable : jobId > 0 ? Long.toString(jobId) : "";
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        return new RunJobOperation(resolveJobId(in), parameters(in), idempotencyToken(in), isWait(), getTimeout(),
                isPropagate(), in.run());
    }

    private long resolveJobId(OperationInputs in) throws AbortException {
        if (jobIdVariable == null) {
            return jobId;
        }
        String value = in.expand(jobIdVariable);
        try {
            return RunNowRequest.parseJobId(value);
        } catch (IllegalArgumentException e) {
            throw new AbortException(jobIdVariable + " did not give a job id: " + e.getMessage());
        }
    }

    /** Whether the text is one {@code ${VARIABLE}} reference, which freestyle builds expand. */
    public static boolean isVariable(String text) {
        return text != null && text.strip().matches("\\$\\{[A-Za-z_][A-Za-z0-9_.]*\\}");
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksRunJob";
        }

        @Override
        public String getDisplayName() {
            return "Run a Databricks job";
        }

        /** A job id, or in freestyle a {@code ${VARIABLE}} that holds one; "abc" must not become job 0. */
        @POST
        public FormValidation doCheckJobIdText(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null || isVariable(value)) {
                return FormValidation.ok();
            }
            try {
                RunNowRequest.parseJobId(value);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage() + ", or in a freestyle job a ${VARIABLE} that holds it");
            }
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String idText = formData.optString("jobIdText").strip();
            formData.remove("jobIdText");
            if (isVariable(idText)) {
                formData.put("jobId", 0);
                formData.put("jobIdVariable", idText);
            } else {
                try {
                    formData.put("jobId", RunNowRequest.parseJobId(idText));
                } catch (IllegalArgumentException e) {
                    throw new FormException(e.getMessage() + ", or in a freestyle job a ${VARIABLE} that holds it",
                            "jobIdText");
                }
            }
            // the parameters are edited as name=value lines; Pipeline passes a map
            String text = formData.optString("parametersText");
            formData.remove("parametersText");
            Map<String, String> parsed;
            try {
                parsed = KeyValueText.parse("parameters", text);
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "parametersText");
            }
            RunJobStep step = (RunJobStep) super.newInstance(req, formData);
            step.setParameters(new LinkedHashMap<>(parsed));
            return step;
        }
    }
}
