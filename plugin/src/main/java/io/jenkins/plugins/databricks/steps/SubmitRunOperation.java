package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.RunOutcome;
import io.jenkins.plugins.databricks.client.SubmitRunRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Submits a one-time run ({@code runs/submit}), by default waits for it, and returns the run with each task's result
 * (a notebook's exit value, an error and its trace); a run that did not succeed fails the build unless told not to.
 */
final class SubmitRunOperation implements RunWaitExecution.Starter {

    private final SubmitRunRequest request;
    private final String name;
    private final boolean wait;
    private final int timeoutMinutes;
    private final boolean propagate;
    private final Run<?, ?> build;

    SubmitRunOperation(SubmitRunRequest request, String name, boolean wait, int timeoutMinutes, boolean propagate,
            Run<?, ?> build) throws AbortException {
        this.request = request;
        this.name = name;
        this.wait = wait;
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
        this.propagate = propagate;
        this.build = build;
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws IOException, InterruptedException {
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
            try {
                client.jobs().cancel(runId);
                log.println("Databricks one-time run " + runId + " cancelled because the build was aborted");
            } catch (InterruptedException | DatabricksException again) {
                log.println("Databricks one-time run " + runId + " may still be running: " + again.getMessage());
            }
            throw e;
        }
        return finisher().finish(client, outcome, log);
    }

    @Override
    public Map<String, Object> start(DatabricksClient client, PrintStream log) throws InterruptedException {
        long runId = client.jobs().submit(request);
        Map<String, Object> run = client.jobs().runState(runId);
        DatabricksRunAction.record(build, "one-time run '" + name + "'", runId, run.get("run_page_url"));
        log.println("Databricks one-time run '" + name + "': run " + runId + " started: " + run.get("run_page_url")
                + (wait ? "; waiting up to " + timeoutMinutes + " min for it to finish" : ""));
        return run;
    }

    @Override
    public int timeoutMinutes() {
        return timeoutMinutes;
    }

    @Override
    public RunWaitExecution.Finisher finisher() {
        return new Finish(name, propagate);
    }

    /** Reads each task's result, logs the end, and fails the step for a run that did not succeed (with propagate). */
    static final class Finish implements RunWaitExecution.Finisher {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final boolean propagate;

        Finish(String name, boolean propagate) {
            this.name = name;
            this.propagate = propagate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object finish(DatabricksClient client, RunOutcome outcome, PrintStream log)
                throws IOException, InterruptedException {
            Map<String, Object> result = client.jobs().runResult(outcome);
            log.println("Databricks one-time run '" + name + "': run " + outcome.runId() + " ended "
                    + outcome.lifeCycleState() + (outcome.resultState() == null ? "" : " " + outcome.resultState())
                    + ": " + outcome.runPageUrl());
            List<String> failed = new ArrayList<>();
            if (result.get("tasks") instanceof List<?> tasks) {
                for (Object o : tasks) {
                    Map<String, Object> t = (Map<String, Object>) o;
                    if (!Boolean.TRUE.equals(t.get("success"))) {
                        failed.add(t.get("task_key") + " " + t.get("result_state")
                                + (t.get("error") == null ? "" : ": " + t.get("error")));
                    }
                }
            }
            if (!outcome.success() && propagate) {
                throw new AbortException("Databricks one-time run '" + name + "': run " + outcome.runId()
                        + " did not succeed: " + outcome.lifeCycleState()
                        + (outcome.resultState() == null ? "" : " " + outcome.resultState())
                        + (failed.isEmpty() ? "" : "; failed tasks: " + String.join("; ", failed))
                        + " (" + outcome.runPageUrl() + ")");
            }
            return result;
        }

        @Override
        public String describe(long runId) {
            return "one-time run " + runId + " ('" + name + "')";
        }
    }
}
