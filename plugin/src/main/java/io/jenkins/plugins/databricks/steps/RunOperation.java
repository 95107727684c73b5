package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.RunOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code databricksRunJob} and {@code databricksSubmitRun} do once they know their request: start the run
 * (idempotently), link it from the build page and name it in the log, then, by default, wait for its end and turn
 * it into the step's value. Pipeline waits durably ({@link RunWaitExecution}); freestyle waits here, and an abort
 * cancels the run.
 */
abstract class RunOperation implements RunWaitExecution.Starter {

    private final String what;
    private final boolean wait;
    private final int timeoutMinutes;
    private final Run<?, ?> build;

    /** @param what how the log and the build page name what started the run, such as {@code job 42} */
    RunOperation(String what, boolean wait, int timeoutMinutes, Run<?, ?> build) throws AbortException {
        this.what = what;
        this.wait = wait;
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
        this.build = build;
    }

    /** Sends the request that starts the run; asking twice with the same idempotency token gives the same run. */
    protected abstract long trigger(DatabricksClient client) throws InterruptedException;

    @Override
    public final Map<String, Object> start(DatabricksClient client, PrintStream log) throws InterruptedException {
        long runId = trigger(client);
        // one read for the run's page, so the build page links to the run while it is still going
        Map<String, Object> run = client.jobs().runState(runId);
        DatabricksRunAction.record(build, what, runId, run.get("run_page_url"));
        log.println("Databricks " + what + ": run " + runId + " started: " + run.get("run_page_url")
                + (wait ? "; waiting up to " + timeoutMinutes + " min for it to finish" : ""));
        return run;
    }

    @Override
    public final int timeoutMinutes() {
        return timeoutMinutes;
    }

    @Override
    public final Object perform(DatabricksClient client, TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        Map<String, Object> run = start(client, log);
        if (!wait) {
            return run;
        }
        long runId = ((Number) run.get("run_id")).longValue();
        RunOutcome outcome;
        try {
            outcome = client.jobs().waitForRun(runId, Duration.ofMinutes(timeoutMinutes), log::println);
        } catch (InterruptedException e) {
            cancelAbandoned(client, runId, log);
            throw e;
        }
        return finisher().finish(client, outcome, log);
    }

    /** The build was aborted while waiting: ask Databricks to stop the run, then let the abort go on. */
    private void cancelAbandoned(DatabricksClient client, long runId, PrintStream log) {
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

    /**
     * Logs a run's end and fails the step when it did not succeed and {@code propagate}.
     *
     * @param details what to add to the failure, such as the failed tasks; empty for nothing
     */
    static void ended(String what, RunOutcome outcome, boolean propagate, String details, PrintStream log)
            throws AbortException {
        String state = outcome.lifeCycleState() + (outcome.resultState() == null ? "" : " " + outcome.resultState());
        log.println("Databricks " + what + ": run " + outcome.runId() + " ended " + state + ": "
                + outcome.runPageUrl());
        if (!outcome.success() && propagate) {
            throw new AbortException("Databricks " + what + ": run " + outcome.runId() + " did not succeed: " + state
                    + (outcome.stateMessage() == null || outcome.stateMessage().isEmpty()
                        ? "" : ": " + outcome.stateMessage())
                    + details + " (" + outcome.runPageUrl() + ")");
        }
    }
}
