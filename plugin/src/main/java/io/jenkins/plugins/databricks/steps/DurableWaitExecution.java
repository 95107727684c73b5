package io.jenkins.plugins.databricks.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.steps.durable.BlockingWork;
import io.jenkins.plugins.databricks.steps.durable.DatabricksWaits;
import io.jenkins.plugins.databricks.steps.durable.WaitFailures;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.springframework.security.core.Authentication;

/**
 * A step that starts something in Databricks and then waits for it, durably (only ids and states are persisted,
 * never a token) and without holding a thread:
 * <ol>
 *   <li>{@link #start()}, on the CPS VM thread: the step's own checks and where it goes ({@link #resolve}); nothing is
 *       sent. The blocking work then goes to the plugin's {@link BlockingWork} pool, in the lane of the workspace;</li>
 *   <li>start phase, on the pool: sign in, start ({@link #begin}: run-now, submit), save the checkpoint at once
 *       (run id first), then {@link #begun} (read the run for its page); Jenkins' safe restart waits only while the
 *       start request is out and nothing durable exists ({@link #blocksRestart()});</li>
 *   <li>wait phase: the wait is registered with the controller's {@link Waiter}, whose polls are short tasks on
 *       Jenkins' shared timer; every state change updates the checkpoint and saves the program state; then the
 *       finish phase, on the pool: the step's value ({@link #finish}: a one-time run's task outputs);</li>
 *   <li>after a restart, {@link #onResume()} resolves the workspace again (allow-list, host, credentials) and goes on
 *       with the persisted checkpoint, or, when the restart came before the start request was answered, asks again
 *       with the same idempotency token ({@link #canBeginAgain});</li>
 *   <li>{@link #stop}: interrupts whatever the step is doing (a retry pause, a rate-limiter wait, an HTTP exchange),
 *       cancels what was started (bounded) and says so, then ends the step.</li>
 * </ol>
 *
 * @param <R> what the wait ends with
 * @param <W> the wait's checkpoint
 */
abstract class DurableWaitExecution<R, W extends Serializable> extends DurableWaitHooks<R, W> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DurableWaitExecution.class.getName());
    /** How long an abort may spend asking Databricks to cancel the run before the step ends anyway. */
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    /** Where the step's lifecycle is; every change is made under the execution's lock. */
    private enum State { QUEUED, WORKING, WAITING, ENDED }

    /** Where the requests go; set by {@link #start()} (ids only). */
    private DatabricksTarget target;
    /** What the wait needs to go on; null until the start phase has it. */
    private volatile W checkpoint;

    // guarded by this
    private transient State state;
    private transient Throwable stopCause;
    private transient Future<?> work;
    private transient Waiter.Handle<R, W> handle;
    /** The client of the start or reconnect phase, to undo what it started after an abort. */
    private transient DatabricksClient client;
    /** The finish phase runs: the run has ended, an abort has nothing to cancel. */
    private transient boolean finishing;
    private transient BlockingWork.Generation generation;

    DurableWaitExecution(StepContext context) {
        super(context);
    }

    /** @return where the requests go (ids only; resolved again after a restart) */
    protected final DatabricksTarget target() {
        return target;
    }

    @Override
    public final boolean start() throws Exception {
        target = resolve(); // a bad argument fails the step here, before anything is sent
        getContext().saveState();
        launch(false);
        return false;
    }

    @Override
    public final void onResume() {
        launch(true);
    }

    private interface Phase {
        void run(TaskListener listener, Run<?, ?> build) throws Exception;
    }

    /** Puts the start phase (or, after a restart, the reconnect) on the pool, in the lane of the workspace. */
    private void launch(boolean resumed) {
        if (target == null) {
            fail(new AbortException("Jenkins restarted before the Databricks step had resolved its workspace; run"
                    + " the step again"));
            return;
        }
        queue(() -> connect(resumed));
    }

    private void queue(Runnable phase) {
        Authentication auth = Jenkins.getAuthentication2();
        BlockingWork.Generation g = BlockingWork.current();
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            state = State.QUEUED;
            generation = g;
        }
        Future<?> f;
        try {
            f = g.lanes().submit(BlockingWork.lane(target.host()), () -> {
                synchronized (this) {
                    if (state != State.QUEUED) {
                        return null; // ended by an abort while it waited in line
                    }
                    state = State.WORKING;
                }
                try (ACLContext ignored = ACL.as2(auth)) {
                    phase.run();
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            if (!g.terminating()) {
                fail(e);
            }
            return;
        }
        synchronized (this) {
            work = f;
            if (stopCause != null && state == State.WORKING) {
                f.cancel(true); // stop() came before the future was known here
            }
        }
    }

    /** The start phase, or the reconnect after a restart. On the pool. */
    private void connect(boolean resumed) {
        run((listener, build) -> {
            PrintStream log = listener.getLogger();
            DatabricksTarget t = target;
            W wait = checkpoint;
            DatabricksClient client;
            if (resumed) {
                t = DatabricksConnector.resolveAfterRestart(t);
                target = t;
                WaitFailures.resumed(t, wait == null ? null : describe(wait), canBeginAgain(), log);
            }
            client = DatabricksConnector.client(t, build);
            synchronized (this) {
                this.client = client;
            }
            if (wait == null) {
                wait = begin(client, DatabricksWaits.waiter(), build, log);
                checkpoint = wait;
                getContext().saveState(); // the run id first: from here on nothing is lost
                begun(client, wait, build, log);
            }
            follow(client, wait, log);
        });
    }

    /**
     * Runs a phase on the pool; when it ends without registering a wait or ending the step, ends the step: with its
     * failure, or, after an abort, by undoing what was started.
     */
    private void run(Phase phase) {
        Throwable failure = null;
        try {
            phase.run(getContext().get(TaskListener.class), getContext().get(Run.class));
        } catch (Throwable e) {
            failure = e;
        }
        BlockingWork.Generation g;
        Throwable cause;
        synchronized (this) {
            g = generation;
            if (state != State.WORKING) {
                return; // the wait is registered, or the step ended
            }
            cause = stopCause;
            if (g != null && g.terminating() && cause == null) {
                return; // Jenkins is going down: the program state keeps the checkpoint for onResume
            }
            if (cause == null && failure == null) {
                return;
            }
            state = State.ENDED;
        }
        if (cause == null) {
            fail(failure);
        } else {
            undo(cause);
        }
    }

    /** An abort while a phase ran: cancel what was started (if anything), say so, then end with the abort. */
    private void undo(Throwable cause) {
        W wait = checkpoint;
        DatabricksClient c;
        boolean done;
        synchronized (this) {
            c = client;
            done = finishing;
        }
        if (wait == null) {
            WaitFailures.log(getContext(), target, stoppedBeforeAnswer());
            getContext().onFailure(cause);
            return;
        }
        if (done) {
            getContext().onFailure(cause);
            return;
        }
        if (c == null) {
            // stopped while reconnecting after a restart: the run is known (the checkpoint) but no client was made
            // yet. This runs on the pool thread the abort interrupted; the cancel must go out all the same.
            Thread.interrupted();
            try {
                c = DatabricksConnector.client(target, getContext().get(Run.class));
            } catch (Exception e) {
                WaitFailures.log(getContext(), target, "could not cancel what this step started: " + e.getMessage());
                getContext().onFailure(cause);
                return;
            }
        }
        abandon(c, wait).whenComplete((line, error) -> {
            WaitFailures.log(getContext(), target, line);
            getContext().onFailure(cause);
        });
    }

    private void follow(DatabricksClient client, W wait, PrintStream log) {
        synchronized (this) {
            if (stopCause != null || state != State.WORKING) {
                return; // aborted meanwhile: run() undoes
            }
            Waiter.Handle<R, W> h = register(DatabricksWaits.waiter(), client, wait, progress(log));
            handle = h;
            state = State.WAITING;
            DatabricksWaits.live(h);
            BlockingWork.Generation g = generation;
            h.result().whenComplete((result, error) -> waited(g, client, h, result, error, log));
        }
    }

    /** A progress listener for the waiter: prints each line and persists the checkpoint as it moves on. */
    private ProgressListener progress(PrintStream log) {
        return message -> {
            log.println(message);
            Waiter.Handle<R, W> h;
            synchronized (this) {
                h = handle;
            }
            if (h != null) {
                progressed(h.checkpoint());
            }
        };
    }

    private void progressed(W newer) {
        if (newer != null && !newer.equals(checkpoint)) {
            checkpoint = newer;
            getContext().saveState();
        }
    }

    /** The wait ended (on a timer thread): the finish phase goes to the pool, since it may block. */
    private void waited(BlockingWork.Generation g, DatabricksClient client, Waiter.Handle<R, W> h, R result,
            Throwable error, PrintStream log) {
        DatabricksWaits.gone(h);
        if (error != null && (g != null && g.terminating() || WaitFailures.stoppedWithJenkins(error))) {
            // Jenkins is going down and took the waiter along: the program state keeps the checkpoint, and
            // onResume picks the wait up after the restart. Ending the step here would end the build.
            LOG.log(Level.FINE, "Databricks wait stopped with Jenkins; it resumes after the restart", error);
            return;
        }
        synchronized (this) {
            if (state != State.WAITING || stopCause != null) {
                return; // stop() ends the step, after the cancel
            }
            if (error != null) {
                state = State.ENDED;
            }
        }
        progressed(h.checkpoint());
        if (error != null && cancelOnTimeout() && WaitFailures.timedOut(error)) {
            abandon(client, h.checkpoint()).whenComplete((line, e) -> {
                WaitFailures.log(getContext(), target, line);
                fail(error);
            });
            return;
        }
        if (error != null) {
            fail(error);
            return;
        }
        queue(() -> run((listener, build) -> {
            W following = next(client, result, h.checkpoint(), build, listener.getLogger());
            if (following != null) {
                progressed(following);
                follow(client, following, log);
                return;
            }
            synchronized (this) {
                finishing = true;
            }
            Object value = finish(client, result, h.checkpoint(), build, listener.getLogger());
            synchronized (this) {
                if (stopCause != null || state != State.WORKING) {
                    return;
                }
                state = State.ENDED;
            }
            getContext().onSuccess(value);
        }));
    }

    /**
     * An abort: interrupt whatever the step is doing, cancel what was started (bounded), say how that went, then end
     * the step with the abort.
     */
    @Override
    public final void stop(Throwable cause) throws Exception {
        Waiter.Handle<R, W> h;
        synchronized (this) {
            if (state == State.ENDED || stopCause != null) {
                return;
            }
            stopCause = cause;
            if (state == State.WORKING) {
                if (work != null) {
                    work.cancel(true); // a retry pause, a rate-limiter wait, an HTTP exchange: all end now
                }
                return; // run() undoes what the phase started and ends the step
            }
            h = state == State.WAITING ? handle : null;
            state = State.ENDED;
            if (work != null) {
                work.cancel(false); // waiting in line: it never runs
            }
        }
        if (h == null) {
            getContext().onFailure(cause); // nothing was sent yet (or after a restart, before the reconnect)
            return;
        }
        DatabricksWaits.gone(h);
        h.cancel(CANCEL_TIMEOUT).whenComplete((line, error) -> {
            WaitFailures.log(getContext(), target, line);
            getContext().onFailure(cause);
        });
    }

    /**
     * A safe restart waits while the start request is out and its answer not yet saved: a restart then would leave a
     * run nobody follows. Before it is sent and once the checkpoint exists, a restart costs nothing.
     */
    @Override
    public final synchronized boolean blocksRestart() {
        return state == State.WORKING && checkpoint == null;
    }

    @CheckForNull
    @Override
    public final String getStatus() {
        W wait = checkpoint;
        State s;
        boolean done;
        synchronized (this) {
            s = state;
            done = finishing;
        }
        if (wait == null) {
            return s == State.QUEUED ? "waiting for a thread of its workspace" : "starting";
        }
        return (done ? "reading the results of " : "waiting for ") + describe(wait);
    }

    private void fail(Throwable e) {
        synchronized (this) {
            state = State.ENDED;
        }
        getContext().onFailure(WaitFailures.forBuild(e, target));
    }
}
