package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.client.RunNowRequest;
import java.util.LinkedHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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
public class RunJobStep extends DatabricksOperationStep {

    private final long jobId;
    /** Freestyle only: a {@code ${VARIABLE}} whose value at build time is the job id (then {@code jobId} is 0). */
    private String jobIdVariable;
    private Map<String, Object> parameters = new LinkedHashMap<>();
    private String idempotencyToken;
    /** null means the default, true; a Boolean so that a config.xml without the field still waits */
    private Boolean wait;
    private int timeout = RunJobOperation.DEFAULT_TIMEOUT_MINUTES;
    private Boolean propagate;

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

    public Map<String, Object> getParameters() {
        return parameters;
    }

    /** @param parameters the run's {@code job_parameters}; values are sent as strings */
    @DataBoundSetter
    public void setParameters(Map<String, Object> parameters) {
        this.parameters = parameters == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameters);
    }

    public String getIdempotencyToken() {
        return idempotencyToken;
    }

    @DataBoundSetter
    public void setIdempotencyToken(String idempotencyToken) {
        this.idempotencyToken = Util.fixEmptyAndTrim(idempotencyToken);
    }

    public boolean isWait() {
        return wait == null || wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    /** @param timeout minutes to wait for the run to finish */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isPropagate() {
        return propagate == null || propagate;
    }

    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, value instanceof String s ? in.expand(s) : value));
        String token = idempotencyToken != null ? in.expand(idempotencyToken)
                : IdempotencyTokens.derive(in.run(), in.invocation());
        return new RunJobOperation(resolveJobId(in), values, token, isWait(), timeout, isPropagate(), in.run());
    }

    /**
     * XStream runs no constructor or field initializer: a step read from a config.xml that lacks a field (written by
     * hand, generated, or saved by an older version) gets the defaults here instead of false, 0 or null.
     */
    protected Object readResolve() {
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
        }
        if (timeout == 0) {
            timeout = RunJobOperation.DEFAULT_TIMEOUT_MINUTES;
        }
        return this;
    }

    /** Waiting runs durably (through a restart) and holds no thread; without a wait the start is all there is. */
    @Override
    public StepExecution start(StepContext context) {
        return isWait() ? new RunWaitExecution(this, context) : super.start(context);
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
    static boolean isVariable(String text) {
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

        /** The form edits the parameters as {@code name=value} lines; Pipeline passes a map. */
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

    /** For the form: the parameters as {@code name=value} lines. */
    public String getParametersText() {
        return KeyValueText.format(parameters);
    }
}
