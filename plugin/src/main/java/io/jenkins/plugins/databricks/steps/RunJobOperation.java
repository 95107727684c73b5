package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.RunNowRequest;
import io.jenkins.plugins.databricks.client.RunOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Triggers a job ({@code run-now}), by default waits for the run to finish, and fails the build when the run
 * did not succeed (unless told not to). Aborting the build while waiting cancels the run, so nobody pays for a
 * run whose build is gone.
 */
public final class RunJobOperation implements RunWaitExecution.Starter {

    public static final int DEFAULT_TIMEOUT_MINUTES = 60;

    private final long jobId;
    private final RunNowRequest request;
    private final boolean wait;
    private final int timeoutMinutes;
    private final boolean propagate;
    private final Run<?, ?> build;

    /**
     * @param parameters job parameters; values must be strings, numbers or booleans (the client checks them)
     * @param idempotencyToken the token to send; never null (steps derive one when the user gives none)
     */
    public RunJobOperation(long jobId, Map<String, ?> parameters, String idempotencyToken, boolean wait,
                           int timeoutMinutes, boolean propagate, Run<?, ?> build) throws AbortException {
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
        this.wait = wait;
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
        this.propagate = propagate;
        this.build = build;
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        Map<String, Object> run = start(client, log);
        long runId = ((Number) run.get("run_id")).longValue();
        if (!wait) {
            return run;
        }
        RunOutcome outcome;
        try {
            outcome = client.jobs().waitForRun(runId, Duration.ofMinutes(timeoutMinutes), log::println);
        } catch (InterruptedException e) {
            cancelAbandoned(client, runId, log);
            throw e;
        }
        return finish(jobId, outcome, propagate, log);
    }

    /**
     * Triggers the run (run-now with the idempotency token: asking twice gives the same run), links it from the build
     * page and names it in the log.
     *
     * @return the run as {@code runs/get} answers it now
     */
    @Override
    public Map<String, Object> start(DatabricksClient client, PrintStream log) throws InterruptedException {
        long runId = client.jobs().runNow(request);
        // one read for the run's page, so the build page links to the run while it is still going
        Map<String, Object> run = client.jobs().runState(runId);
        DatabricksRunAction.record(build, "job " + jobId, runId, run.get("run_page_url"));
        log.println("Databricks job " + jobId + ": run " + runId + " started: " + run.get("run_page_url")
                + (wait ? "; waiting up to " + timeoutMinutes + " min for it to finish" : ""));
        return run;
    }

    @Override
    public int timeoutMinutes() {
        return timeoutMinutes;
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
            return RunJobOperation.finish(jobId, outcome, propagate, log);
        }

        @Override
        public String describe(long runId) {
            return "run " + runId + " of job " + jobId;
        }
    }

    /**
     * The end of a waited-for run: logs it, and fails the step when the run did not succeed and {@code propagate}.
     *
     * @return the run as the step returns it
     */
    static Map<String, Object> finish(long jobId, RunOutcome outcome, boolean propagate, PrintStream log)
            throws AbortException {
        long runId = outcome.runId();
        log.println("Databricks job " + jobId + ": run " + runId + " ended " + outcome.lifeCycleState()
                + (outcome.resultState() == null ? "" : " " + outcome.resultState()) + ": " + outcome.runPageUrl());
        if (!outcome.success() && propagate) {
            throw new AbortException("Databricks job " + jobId + ": run " + runId + " did not succeed: "
                    + outcome.lifeCycleState() + (outcome.resultState() == null ? "" : " " + outcome.resultState())
                    + (outcome.stateMessage() == null || outcome.stateMessage().isEmpty()
                        ? "" : ": " + outcome.stateMessage())
                    + " (" + outcome.runPageUrl() + ")");
        }
        return outcome.toMap();
    }

    /** The build was aborted while waiting: ask Databricks to stop the run, then let the abort go on. */
    private static void cancelAbandoned(DatabricksClient client, long runId, PrintStream log) {
        try {
            client.jobs().cancel(runId);
            log.println("Databricks run " + runId + " cancelled because the build was aborted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.println("Databricks run " + runId + " may still be running: the build was aborted again while"
                    + " cancelling it");
        } catch (DatabricksException e) {
            log.println("Databricks run " + runId + " may still be running: cancelling it failed: " + e.getMessage());
        }
    }
}
