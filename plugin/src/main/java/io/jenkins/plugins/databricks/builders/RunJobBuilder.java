package io.jenkins.plugins.databricks.builders;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Job;
import hudson.model.Project;
import hudson.model.Run;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.IdempotencyTokens;
import io.jenkins.plugins.databricks.steps.KeyValueText;
import io.jenkins.plugins.databricks.steps.RunJobOperation;
import io.jenkins.plugins.databricks.steps.RunJobStep;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Freestyle form of {@code databricksRunJob}. The job id is text so that it can be a build parameter
 * ({@code ${JOB_ID}}); the job parameters are {@code name=value} lines.
 */
public class RunJobBuilder extends AbstractDatabricksBuilder {

    private final String jobId;
    private String parameters;
    private String idempotencyToken;
    private boolean wait = true;
    private int timeout = RunJobOperation.DEFAULT_TIMEOUT_MINUTES;
    private boolean propagate = true;

    @DataBoundConstructor
    public RunJobBuilder(String jobId) {
        this.jobId = Util.fixEmptyAndTrim(jobId);
    }

    public String getJobId() {
        return jobId;
    }

    public String getParameters() {
        return parameters;
    }

    /** @param parameters {@code name=value} lines, sent as the run's {@code job_parameters} */
    @DataBoundSetter
    public void setParameters(String parameters) {
        this.parameters = Util.fixEmptyAndTrim(parameters);
    }

    public String getIdempotencyToken() {
        return idempotencyToken;
    }

    @DataBoundSetter
    public void setIdempotencyToken(String idempotencyToken) {
        this.idempotencyToken = Util.fixEmptyAndTrim(idempotencyToken);
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isPropagate() {
        return propagate;
    }

    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    @Override
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        long id = jobIdNumber(env.expand(jobId));
        Map<String, String> values = new LinkedHashMap<>();
        try {
            KeyValueText.parse("parameters", parameters).forEach((k, v) -> values.put(k, env.expand(v)));
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        String token = idempotencyToken != null ? env.expand(idempotencyToken)
                : IdempotencyTokens.derive(run, "build step " + position(run));
        return new RunJobOperation(id, values, token, wait, timeout, propagate);
    }

    private static long jobIdNumber(String text) throws AbortException {
        if (text == null || text.isBlank()) {
            throw new AbortException("jobId is required: the numeric id of the Databricks job, such as 42");
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new AbortException("jobId must be the numeric id of a Databricks job, not '" + text + "'");
        }
    }

    /** Which build step of the project this is, so two runs of the same job in one build get two tokens. */
    private String position(Run<?, ?> run) {
        Job<?, ?> job = run.getParent();
        if (job instanceof Project<?, ?> project) {
            return String.valueOf(project.getBuildersList().indexOf(this));
        }
        return "job " + jobId;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(RunJobStep.class, "jobId", "idempotencyToken", "wait", "timeout", "propagate");
            addHelpFileRedirect("parameters", RunJobStep.class, "parametersText");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: run a job";
        }
    }
}
