package io.jenkins.plugins.databricks.steps;

import hudson.model.Run;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.steps.durable.DatabricksWaits;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code databricksRunJob} and {@code databricksSubmitRun} with {@code wait: true}: start the run, then wait for its
 * end durably (through a restart) without holding a thread; an abort cancels the run before the step ends.
 */
public final class RunWaitExecution extends DurableWaitExecution<RunOutcome, RunWait> {
    private static final long serialVersionUID = 1L;

    /** An operation that starts a run; kept with the program state, so a restart before its answer can ask again. */
    interface Starter extends DatabricksOperation, Serializable {
        /** Sends the start request (with its idempotency token: asking again gives the same run); returns the id. */
        long trigger(DatabricksClient client) throws InterruptedException;

        /** Reads the run once for its page, links it from the build page and logs it; a failed read is logged. */
        void announce(DatabricksClient client, long runId, Run<?, ?> build, PrintStream log)
                throws InterruptedException;

        int timeoutMinutes();

        /** @return what the log says when an abort came before Databricks answered the start request */
        String unanswered();

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
    private Starter starter;
    private Finisher finisher;

    public RunWaitExecution(DatabricksOperationStep step, StepContext context) {
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
        long runId = starter.trigger(client);
        return RunWait.of(runId, Duration.ofMinutes(starter.timeoutMinutes()), waiter.clock());
    }

    @Override
    protected void begun(DatabricksClient client, RunWait first, Run<?, ?> build, PrintStream log)
            throws InterruptedException {
        starter.announce(client, first.runId(), build, log);
    }

    @Override
    protected boolean canBeginAgain() {
        return starter != null;
    }

    @Override
    protected String stoppedBeforeAnswer() {
        return starter == null ? "" : starter.unanswered();
    }

    @Override
    protected Waiter.Handle<RunOutcome, RunWait> register(Waiter waiter, DatabricksClient client, RunWait wait,
            ProgressListener progress) {
        return waiter.waitForRun(client, wait, progress);
    }

    @Override
    protected Object finish(DatabricksClient client, RunOutcome outcome, RunWait wait, Run<?, ?> build,
            PrintStream log) throws Exception {
        // the link again, from the run as it ended: the first read after the start may have failed
        String link = client.jobs().runLink(outcome.run());
        if (link != null) {
            DatabricksRunAction.record(build, finisher.describe(outcome.runId()), outcome.runId(), link);
        }
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
