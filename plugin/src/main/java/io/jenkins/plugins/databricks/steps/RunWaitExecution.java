package io.jenkins.plugins.databricks.steps;

import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.RunOutcome;
import io.jenkins.plugins.databricks.client.RunWait;
import io.jenkins.plugins.databricks.client.Waiter;
import hudson.model.Run;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code databricksRunJob} and {@code databricksSubmitRun} with {@code wait: true}: start the run, then wait for its
 * end durably (through a restart) without holding a thread; an abort cancels the run before the step ends.
 */
final class RunWaitExecution extends DurableWaitExecution<RunOutcome, RunWait> {
    private static final long serialVersionUID = 1L;

    /** An operation that starts a run. */
    interface Starter extends DatabricksOperation {
        /** Starts the run (idempotently), links it from the build page, logs it; returns the run as read now. */
        Map<String, Object> start(DatabricksClient client, PrintStream log) throws InterruptedException;

        int timeoutMinutes();

        /** @return what turns the ended run into the step's value; kept with the program state */
        Finisher finisher();
    }

    /** What turns an ended run into the step's value, or fails the step; persisted across a restart. */
    interface Finisher extends Serializable {
        Object finish(DatabricksClient client, RunOutcome outcome, PrintStream log)
                throws IOException, InterruptedException;

        /** @return how messages name the run, such as {@code run 7 of job 42} */
        String describe(long runId);
    }

    private final transient DatabricksOperationStep step;
    private transient Starter starter;
    private Finisher finisher;

    RunWaitExecution(DatabricksOperationStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected DatabricksTarget resolve() throws Exception {
        starter = (Starter) step.operation(DatabricksOperationStep.pipelineInputs(getContext())); // own checks first
        finisher = starter.finisher();
        return DatabricksConnector.resolve(step.getWorkspace(), step.getHost(), step.getCredentialsId());
    }

    @Override
    protected RunWait begin(DatabricksClient client, Waiter waiter, Run<?, ?> build, PrintStream log)
            throws Exception {
        Map<String, Object> run = starter.start(client, log);
        long runId = ((Number) run.get("run_id")).longValue();
        return RunWait.of(runId, Duration.ofMinutes(starter.timeoutMinutes()), waiter.clock());
    }

    @Override
    protected Waiter.Handle<RunOutcome, RunWait> register(Waiter waiter, DatabricksClient client, RunWait wait,
            PrintStream log) {
        return waiter.waitForRun(client, wait, progress(log));
    }

    @Override
    protected Object finish(DatabricksClient client, RunOutcome outcome, RunWait wait, PrintStream log)
            throws Exception {
        return finisher.finish(client, outcome, log);
    }

    @Override
    protected CompletableFuture<String> abandon(DatabricksClient client, RunWait wait) {
        return DatabricksWaits.waiter().cancelRun(client, wait.runId(), CANCEL_TIMEOUT);
    }

    @Override
    protected String describe(RunWait wait) {
        return finisher == null ? "run " + wait.runId() : finisher.describe(wait.runId());
    }
}
