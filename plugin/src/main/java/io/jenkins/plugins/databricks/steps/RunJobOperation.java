package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import java.io.PrintStream;
import java.util.Map;

/**
 * Triggers a job ({@code run-now}), by default waits for the run to finish, and fails the build when the run
 * did not succeed (unless told not to). Aborting the build while waiting cancels the run, so nobody pays for a
 * run whose build is gone.
 */
public final class RunJobOperation extends RunOperation {

    public static final int DEFAULT_TIMEOUT_MINUTES = 60;

    private final long jobId;
    private final RunNowRequest request;
    private final boolean propagate;

    /**
     * @param parameters job parameters; values must be strings, numbers or booleans (the client checks them)
     * @param idempotencyToken the token to send; never null (steps derive one when the user gives none)
     */
    public RunJobOperation(long jobId, Map<String, ?> parameters, String idempotencyToken, boolean wait,
                           int timeoutMinutes, boolean propagate, Run<?, ?> build) throws AbortException {
        super("job " + jobId, wait, timeoutMinutes, build);
        if (jobId <= 0) {
            throw new AbortException("jobId is required: the numeric id of the Databricks job, such as 42 (got "
                    + jobId + ")");
        }
        this.jobId = jobId;
        String token = Arguments.required("idempotencyToken", idempotencyToken, "a string of at most 64 characters");
        try {
            this.request = RunNowRequest.builder(jobId)
                    .jobParameters(parameters)
                    .idempotencyToken(token)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        this.propagate = propagate;
    }

    @Override
    protected String idempotencyToken() {
        return request.idempotencyToken();
    }

    @Override
    public long trigger(DatabricksClient client) throws InterruptedException {
        return client.jobs().runNow(request);
    }

    @Override
    public RunWaitExecution.Finisher finisher() {
        return new Finish(jobId, propagate);
    }

    /** Kept in the program state: a plain class, which Pipeline's serialization can reach (a private record it cannot). */
    static final class Finish implements RunWaitExecution.Finisher {
        private static final long serialVersionUID = 1L;
        private final long jobId;
        private final boolean propagate;

        Finish(long jobId, boolean propagate) {
            this.jobId = jobId;
            this.propagate = propagate;
        }

        @Override
        public Object finish(DatabricksClient client, RunOutcome outcome, PrintStream log) throws AbortException {
            ended("job " + jobId, outcome, propagate, "", log);
            return outcome.toMap();
        }

        @Override
        public String describe(long runId) {
            return "run " + runId + " of job " + jobId;
        }
    }
}
