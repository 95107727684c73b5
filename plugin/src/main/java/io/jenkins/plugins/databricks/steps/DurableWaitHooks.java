package io.jenkins.plugins.databricks.steps;

import hudson.model.Run;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What a durable Databricks step supplies to {@link DurableWaitExecution}: how to start what it waits for, how to
 * register the wait, how to turn its end into the step's value, and how to undo it after an abort. The execution owns
 * the threads, the state, the checkpoint and the restart; a step only fills in these hooks. No fields: what is
 * persisted lives in the execution and in the step's own subclass.
 *
 * @param <R> what the wait ends with
 * @param <W> the wait's checkpoint
 */
abstract class DurableWaitHooks<R, W extends Serializable> extends StepExecution {
    private static final long serialVersionUID = 1L;

    DurableWaitHooks(StepContext context) {
        super(context);
    }

    /**
     * The step's own checks, then where its requests go. Runs on the CPS VM thread; sends nothing.
     *
     * @return where the step's requests go, resolved from its arguments
     */
    protected abstract DatabricksTarget resolve() throws Exception;

    /** Starts what is to be waited for and returns the first checkpoint. Runs on the pool; may block. */
    protected abstract W begin(DatabricksClient client, Waiter waiter, Run<?, ?> build, PrintStream log)
            throws Exception;

    /**
     * After the first checkpoint was saved: say what was started (read the run once for its page, link it). A read
     * that fails must be logged, not thrown: the wait follows what was started anyway. Runs on the pool.
     */
    protected void begun(DatabricksClient client, W first, Run<?, ?> build, PrintStream log)
            throws InterruptedException {
    }

    /** Registers the wait for {@code wait} with the waiter. */
    protected abstract Waiter.Handle<R, W> register(Waiter waiter, DatabricksClient client, W wait,
            ProgressListener progress);

    /** The step's value once the wait ended; throws to fail the step. Runs on the pool; may block. */
    protected abstract Object finish(DatabricksClient client, R result, W wait, Run<?, ?> build, PrintStream log)
            throws Exception;

    /**
     * After a wait ended: start what comes next (the next statement of a SQL script) and return its checkpoint, or
     * null when {@link #finish} makes the step's value. Throws to fail the step. Runs on the pool; may block.
     */
    protected W next(DatabricksClient client, R result, W wait, Run<?, ?> build, PrintStream log) throws Exception {
        return null;
    }

    /** @return whether a wait that times out undoes what it waited for ({@link #abandon}), as a SQL statement does */
    protected boolean cancelOnTimeout() {
        return false;
    }

    /** @return where the requests go (ids only; resolved again after a restart) */
    protected abstract DatabricksTarget target();

    /** @return how messages name what is waited for, such as {@code run 123} */
    protected abstract String describe(W wait);

    /**
     * An abort came after {@link #begin} had started something but before the wait was registered: undo it, such as
     * cancelling the run. Never fails.
     *
     * @return a line for the build log, or an empty line when there is nothing to undo
     */
    protected CompletableFuture<String> abandon(DatabricksClient client, W wait) {
        return CompletableFuture.completedFuture("");
    }

    /**
     * @return whether {@link #begin} may be asked again after a restart that came before its answer: it is
     *     idempotent (a run-now with its idempotency token gives back the same run), and what it needs was persisted
     */
    protected boolean canBeginAgain() {
        return false;
    }

    /** @return a line for the log when an abort came while the start request was out: what may have happened */
    protected String stoppedBeforeAnswer() {
        return "";
    }
}
