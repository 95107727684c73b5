package io.jenkins.plugins.databricks.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.Waiter;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step that starts something in Databricks and then waits for it, durably and without holding a thread:
 * <ol>
 *   <li>start phase, on a pool thread: resolve the workspace, sign in, start (run-now; for a cluster nothing yet),
 *       and persist everything the wait needs ({@link #checkpoint}) before the first poll;</li>
 *   <li>wait phase: the wait is registered with the controller's {@link Waiter}, whose polls are tasks on Jenkins'
 *       shared timer; every state change updates the checkpoint and saves the program state;</li>
 *   <li>after a controller restart, {@link #onResume()} signs in again with the persisted target and registers the
 *       persisted checkpoint: the wait goes on where it was and ends exactly as it would have;</li>
 *   <li>an abort ({@link #stop}) cancels the Databricks run (bounded) and logs the outcome before the step ends.</li>
 * </ol>
 * Only ids and states are persisted, never a token.
 *
 * @param <R> what the wait ends with
 * @param <W> the wait's checkpoint
 */
abstract class DurableWaitExecution<R, W extends Serializable> extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DurableWaitExecution.class.getName());
    /** How long an abort may spend asking Databricks to cancel the run before the step ends anyway. */
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    /** Where the requests go; set in the start phase (ids only). */
    private DatabricksTarget target;
    /** What the wait needs to go on; null until the start phase has persisted it. */
    private volatile W checkpoint;

    private transient volatile Waiter.Handle<R, W> handle;
    /** Set by an abort; guarded by {@code this}. */
    private transient Throwable stopCause;
    /** The start or reconnect phase is running; guarded by {@code this}. */
    private transient boolean connecting;
    /** The step's end has been (or is being) reported; guarded by {@code this}. */
    private transient boolean ended;

    DurableWaitExecution(StepContext context) {
        super(context);
    }

    /**
     * Resolves the target and signs in (the step's own checks come first), starts what is to be waited for and
     * returns the first checkpoint. Runs on a pool thread.
     */
    protected abstract W begin(DatabricksClient client, Waiter waiter, Run<?, ?> build, PrintStream log)
            throws Exception;

    /** @return where the step's requests go, resolved from its arguments */
    protected abstract DatabricksTarget resolve() throws Exception;

    /** Registers the wait for {@code wait} with the waiter. */
    protected abstract Waiter.Handle<R, W> register(Waiter waiter, DatabricksClient client, W wait, PrintStream log);

    /** The step's value once the wait ended; throws to fail the step (a run that did not succeed, say). */
    protected abstract Object finish(DatabricksClient client, R result, W wait, PrintStream log) throws Exception;

    /** @return how messages name what is waited for, such as {@code run 123} */
    protected abstract String describe(W wait);

    /** A progress listener for the waiter: prints each line and persists the checkpoint as it moves on. */
    protected final io.jenkins.plugins.databricks.client.ProgressListener progress(PrintStream log) {
        return message -> {
            log.println(message);
            Waiter.Handle<R, W> h = handle;
            if (h != null) {
                progressed(h.checkpoint());
            }
        };
    }

    /** Called with each newer checkpoint the waiter reports (a state change): persist it. */
    protected final void progressed(W newer) {
        if (newer != null && !newer.equals(checkpoint)) {
            checkpoint = newer;
            getContext().saveState();
        }
    }

    /**
     * An abort came before the wait was registered (during the start phase or the reconnect after a restart): undo
     * what was started, such as cancelling the run. Never fails.
     *
     * @return a line for the build log, or an empty line when there is nothing to undo
     */
    protected CompletableFuture<String> abandon(DatabricksClient client, W wait) {
        return CompletableFuture.completedFuture("");
    }

    @Override
    public final boolean start() throws Exception {
        synchronized (this) {
            connecting = true;
        }
        Timer.get().submit(() -> phase(() -> {
            TaskListener listener = getContext().get(TaskListener.class);
            Run<?, ?> build = getContext().get(Run.class);
            DatabricksTarget t = resolve();
            DatabricksClient client = DatabricksConnector.client(t, build);
            target = t;
            W first = begin(client, DatabricksWaits.waiter(), build, listener.getLogger());
            checkpoint = first;
            getContext().saveState();
            follow(client, first, listener.getLogger());
        }));
        return false;
    }

    @Override
    public final void onResume() {
        synchronized (this) {
            connecting = true;
        }
        Timer.get().submit(() -> phase(() -> {
            TaskListener listener = getContext().get(TaskListener.class);
            W wait = checkpoint;
            if (wait == null || target == null) {
                throw new AbortException("Jenkins restarted before the Databricks step had recorded what to wait"
                        + " for; run the step again (a job run started with the same idempotency token is not"
                        + " started twice)");
            }
            listener.getLogger().println("Databricks " + target.displayName() + ": resuming the wait for "
                    + describe(wait) + " after Jenkins restarted");
            DatabricksClient client = DatabricksConnector.clientAfterRestart(target, getContext().get(Run.class));
            follow(client, wait, listener.getLogger());
        }));
    }

    private interface Phase {
        void run() throws Exception;
    }

    /** Runs the start or reconnect phase; a failure in it ends the step. */
    private void phase(Phase phase) {
        try {
            phase.run();
        } catch (Throwable e) {
            synchronized (this) {
                connecting = false;
                if (stopCause != null) {
                    return; // stop() saw no handle and left the ending to this phase
                }
            }
            fail(e);
        } finally {
            synchronized (this) {
                connecting = false;
            }
            endIfStoppedMeanwhile();
        }
    }

    private transient volatile DatabricksClient abandonClient;

    private void follow(DatabricksClient client, W wait, PrintStream log) {
        synchronized (this) {
            if (stopCause != null) {
                abandonClient = client; // aborted while connecting: undo instead of waiting
                return;
            }
            Waiter.Handle<R, W> h = register(DatabricksWaits.waiter(), client, wait, log);
            handle = h;
            h.result().whenComplete((result, error) -> ended(client, h, result, error, log));
        }
    }

    /** An abort that came while the start or reconnect phase ran: undo what it started, then end the step. */
    private void endIfStoppedMeanwhile() {
        Throwable cause;
        DatabricksClient client;
        synchronized (this) {
            cause = stopCause;
            client = abandonClient;
            if (cause == null || handle != null || ended) {
                return;
            }
            ended = true;
        }
        W wait = checkpoint;
        if (client == null || wait == null) {
            getContext().onFailure(cause);
            return;
        }
        abandon(client, wait).whenComplete((line, error) -> {
            log(line);
            getContext().onFailure(cause);
        });
    }

    private void ended(DatabricksClient client, Waiter.Handle<R, W> h, R result, Throwable error, PrintStream log) {
        if (error != null && stoppedWithJenkins(error)) {
            // Jenkins is going down and took its timer along: the program state keeps the checkpoint, and
            // onResume picks the wait up after the restart. Ending the step here would end the build.
            LOG.log(Level.FINE, "Databricks wait stopped with Jenkins; it resumes after the restart", error);
            return;
        }
        synchronized (this) {
            if (stopCause != null) {
                return; // stop() ends the step, after the cancel
            }
            ended = true;
        }
        progressed(h.checkpoint());
        if (error != null) {
            fail(error);
            return;
        }
        try {
            getContext().onSuccess(finish(client, result, h.checkpoint(), log));
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** Whether the wait ended only because the scheduler it polled on (Jenkins' timer) was shut down. */
    private static boolean stoppedWithJenkins(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RejectedExecutionException
                || cause instanceof DatabricksException d && "WAIT_STOPPED".equals(d.errorCode());
    }

    /** An abort: cancel what is waited for (bounded), say how that went, then end the step with the abort. */
    @Override
    public final void stop(Throwable cause) throws Exception {
        Waiter.Handle<R, W> h;
        synchronized (this) {
            if (ended || stopCause != null) {
                return;
            }
            stopCause = cause;
            h = handle;
            if (h == null && connecting) {
                return; // the start or reconnect phase undoes what it started and ends the step
            }
            ended = true;
        }
        if (h == null) {
            getContext().onFailure(cause);
            return;
        }
        h.cancel(CANCEL_TIMEOUT).whenComplete((line, error) -> {
            log(line);
            getContext().onFailure(cause);
        });
    }

    private void log(String line) {
        if (line == null || line.isEmpty()) {
            return;
        }
        try {
            String where = target == null ? "" : target.displayName() + ": ";
            getContext().get(TaskListener.class).getLogger().println("Databricks " + where + line);
        } catch (Exception e) {
            LOG.log(Level.FINE, "could not log: " + line, e);
        }
    }

    @Override
    public final boolean blocksRestart() {
        return false; // the wait resumes after the restart
    }

    @CheckForNull
    @Override
    public final String getStatus() {
        W wait = checkpoint;
        return wait == null ? "starting" : "waiting for " + describe(wait);
    }

    private void fail(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        synchronized (this) {
            ended = true;
        }
        if (cause instanceof DatabricksException || cause instanceof IllegalArgumentException) {
            // The client's message says it all and never holds a token; a remote stack trace helps nobody.
            String where = target == null ? "" : target.displayName() + ": ";
            cause = new AbortException("Databricks " + where + cause.getMessage());
        } else if (!(cause instanceof AbortException) && !(cause instanceof InterruptedException)) {
            LOG.log(Level.FINE, "Databricks wait failed", cause);
        }
        getContext().onFailure(cause);
    }
}
