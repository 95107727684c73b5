package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code databricksRunJob} and {@code databricksSubmitRun} do once they know their request: start the run
 * (idempotently), link it from the build page and name it in the log, then, by default, wait for its end and turn
 * it into the step's value. Pipeline waits durably ({@link RunWaitExecution}); freestyle waits here, and an abort
 * cancels the run.
 */
abstract class RunOperation implements RunWaitExecution.Starter {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final boolean wait;
    private final int timeoutMinutes;
    /** The build, for the freestyle and no-wait paths; the durable wait passes its own after a restart. */
    private final transient Run<?, ?> build;

    /** @param what how the log and the build page name what started the run, such as {@code job 42} */
    RunOperation(String what, boolean wait, int timeoutMinutes, Run<?, ?> build) throws AbortException {
        this.what = what;
        this.wait = wait;
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
        this.build = build;
    }

    /** @return the idempotency token the start request carries, for the messages */
    protected abstract String idempotencyToken();

    @Override
    public final void announce(DatabricksClient client, long runId, Run<?, ?> build, PrintStream log)
            throws InterruptedException {
        read(client, runId, build, log);
    }

    /** Reads the run once for its page, links it and logs it; a failed read is logged and the run still followed. */
    private Map<String, Object> read(DatabricksClient client, long runId, Run<?, ?> build, PrintStream log)
            throws InterruptedException {
        Map<String, Object> run;
        try {
            run = client.jobs().runState(runId);
        } catch (DatabricksException e) {
            // the run id is known and saved: the wait follows the run, and an abort still cancels it
            log.println("Databricks " + what + ": run " + runId + " started; reading it failed (" + e.getMessage()
                    + "); following it anyway");
            Map<String, Object> known = new LinkedHashMap<>();
            known.put("run_id", runId);
            return known;
        }
        String link = client.jobs().runLink(run);
        if (link != null) {
            DatabricksRunAction.record(build, what, runId, link);
        }
        log.println("Databricks " + what + ": run " + runId + " started: " + (link == null ? "(no page address)" : link)
                + (wait ? "; waiting up to " + timeoutMinutes + " min for it to finish" : ""));
        return run;
    }

    @Override
    public final String unanswered() {
        return "the build was aborted before Databricks answered the request to start a run of " + what + "; if the"
                + " request had reached Databricks, a run may have started: it carries the idempotency token "
                + idempotencyToken();
    }

    @Override
    public final int timeoutMinutes() {
        return timeoutMinutes;
    }

    @Override
    public final Object perform(DatabricksClient client, TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        long runId = trigger(client);
        Map<String, Object> run = read(client, runId, build, log);
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
