package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.jobs.Jobs;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.SubmitRunRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Submits a one-time run ({@code runs/submit}), by default waits for it, and returns the run with each task's result
 * (a notebook's exit value, an error and its trace); a run that did not succeed fails the build unless told not to.
 */
public final class SubmitRunOperation extends RunOperation {

    private final SubmitRunRequest request;
    private final String name;
    private final boolean propagate;

    public SubmitRunOperation(SubmitRunRequest request, String name, boolean wait, int timeoutMinutes, boolean propagate,
            Run<?, ?> build) throws AbortException {
        super("one-time run '" + name + "'", wait, timeoutMinutes, build);
        this.request = request;
        this.name = name;
        this.propagate = propagate;
    }

    @Override
    protected String idempotencyToken() {
        return request.idempotencyToken();
    }

    @Override
    public long trigger(DatabricksClient client) throws InterruptedException {
        return client.jobs().submit(request);
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
        public Object finish(DatabricksClient client, RunOutcome outcome, PrintStream log)
                throws IOException, InterruptedException {
            Map<String, Object> result = client.jobs().runResult(outcome);
            String failed = Jobs.failedTasks(result);
            ended("one-time run '" + name + "'", outcome, propagate, failed.isEmpty() ? "" : "; failed tasks: " + failed,
                    log);
            return result;
        }

        @Override
        public String describe(long runId) {
            return "one-time run " + runId + " ('" + name + "')";
        }
    }
}
