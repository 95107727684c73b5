package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.clusters.ClusterWait;
import io.jenkins.plugins.databricks.client.clusters.Clusters;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.jobs.Jobs;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.sql.StatementState;
import io.jenkins.plugins.databricks.client.sql.StatementWait;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Waits for job runs to end, clusters to run and SQL statements to end without a thread per wait: any number of waits register here,
 * and their polls are tasks on a scheduler the caller owns (Jenkins passes its shared {@code Timer}). Waits of
 * clients with the same host and principal share one poll schedule, and when several are due at once one
 * listing can stand for many reads: {@code jobs/runs/list?active_only=true} (25 runs a page) for runs,
 * {@code clusters/list} filtered to the starting and terminating states for clusters. A listing is used only
 * when it costs fewer requests than a read per due wait; whatever is not in it (a run that ended, a cluster
 * that is RUNNING or TERMINATED) is then read with {@code runs/get} / {@code clusters/get}, which gives the
 * final answer. Every request goes through the host's rate limiter and the client's retry policy, exactly as
 * the blocking calls do, but waits for its slot, its answer and its retries as scheduled tasks.
 *
 * <p>Each wait keeps the schedule of the blocking calls ({@link PollSchedule}: 1 s, 2 s, ... 10 s plus up to
 * 10% jitter), the same progress lines, the same end and the same failures: {@link Jobs#waitForRun} and
 * {@link Clusters#ensureRunning} are the same logic with a thread. A wait that is due within its jitter of
 * another is polled with it, so the waits of a workspace fall into step and share their listings.
 *
 * <p>Durable: {@link Handle#checkpoint()} is a small Serializable value ({@link RunWait}, {@link ClusterWait});
 * registering it again, in another JVM after a restart, resumes the wait where it was. Thread-safe.
 *
 * <p>Progress lines and results reach the caller on scheduler threads and never under one of the waiter's
 * locks: a wait's lines in order, and its result after its last line; {@link Handle#checkpoint()} called from
 * the listener already holds the state of the line. A listener should return quickly: until it does, the next
 * poll of the waits sharing its schedule (same host and principal) waits for it; other waits do not.
 */
public final class Waiter {
    private final PollEngine engine;

    private Waiter(Builder b) {
        this.engine = new PollEngine(b.scheduler, b.blocking, b.clock, b.random);
    }

    /**
     * @param scheduler runs every poll; shared, never shut down by the waiter. One thread is enough for
     *                  thousands of waits: a task only sends a request or reads an answer, it never sleeps
     * @return a builder
     */
    public static Builder builder(ScheduledExecutorService scheduler) {
        return new Builder(scheduler);
    }

    /** @return the clock deadlines are measured on */
    public Clock clock() {
        return engine.clock;
    }

    /**
     * Waits for a job run to reach a terminal life cycle state (TERMINATED, SKIPPED, INTERNAL_ERROR).
     *
     * @param client the workspace and credential to poll with
     * @param wait the run, the deadline and what was reported so far ({@link RunWait#of} for a new wait)
     * @param listener receives the run page URL and every state change, as {@link Jobs#waitForRun}; may be null
     * @return the wait; its result is the outcome (a failed run is an outcome, not an exception), or fails with
     *         {@link DatabricksException} ({@link DatabricksException#TIMEOUT} at the deadline;
     *         {@link DatabricksException#isNotFound()} when the run was deleted; or a request failure after the
     *         retry policy gave up)
     */
    public Handle<RunOutcome, RunWait> waitForRun(DatabricksClient client, RunWait wait, ProgressListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(wait, "wait");
        RunEntry entry = new RunEntry(engine, client, wait, Checks.listener(listener));
        engine.register(entry);
        return entry;
    }

    /**
     * Makes sure a cluster runs and waits until it does, as {@link Clusters#ensureRunning}: TERMINATED is started,
     * TERMINATING is waited for and then started, PENDING, RESTARTING and RESIZING are waited for.
     *
     * @param client the workspace and credential to poll with
     * @param wait the cluster, the deadline and what was seen so far ({@link ClusterWait#of} for a new wait)
     * @param listener receives a line at the start request and at every state change; may be null
     * @return the wait; its result is the cluster object in state RUNNING, or fails with
     *         {@link DatabricksException} ({@link DatabricksException#CLUSTER_START_FAILED},
     *         {@link DatabricksException#TIMEOUT}, or a request failure)
     */
    public Handle<Map<String, Object>, ClusterWait> waitForCluster(DatabricksClient client, ClusterWait wait,
                                                                   ProgressListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(wait, "wait");
        ClusterEntry entry = new ClusterEntry(engine, client, wait, Checks.listener(listener));
        engine.register(entry);
        return entry;
    }

    /**
     * Waits for a SQL statement to end: SUCCEEDED, FAILED, CANCELED or CLOSED. Statements are read one by one (the
     * API has no listing of them), on the same schedule as runs.
     *
     * @param client the workspace and credential to poll with
     * @param wait the statement, the deadline and what was reported ({@link StatementWait#of} for a new wait)
     * @param listener receives every state change; may be null
     * @return the wait; its result is the statement's last state with at most {@code keepRows} of its first rows
     *         (FAILED is a state, not an exception), or fails with {@link DatabricksException}
     *         ({@link DatabricksException#TIMEOUT}; not found when its result expired; or a request failure)
     */
    public Handle<StatementState, StatementWait> waitForStatement(DatabricksClient client, StatementWait wait,
            ProgressListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(wait, "wait");
        StatementEntry entry = new StatementEntry(engine, client, wait, Checks.listener(listener));
        engine.register(entry);
        return entry;
    }

    /**
     * Asks Databricks to cancel a SQL statement without a registered wait (a wait that was not resumed). Never
     * fails: the answer says what happened.
     *
     * @param client the workspace and credential
     * @param statementId the statement
     * @param timeout how long to try (retries included); positive
     * @return a line for the build log
     */
    public CompletableFuture<String> cancelStatement(DatabricksClient client, String statementId, Duration timeout) {
        Checks.id(statementId, "statementId", "01ef-...");
        Checks.timeout(timeout, "timeout");
        return StatementEntry.cancelStatement(engine, client, statementId, timeout);
    }

    /**
     * Asks Databricks to cancel a run ({@code runs/cancel}, asynchronous on the Databricks side) without a
     * registered wait, for example for a wait that was not resumed. Never fails: the answer says what happened.
     *
     * @param client the workspace and credential
     * @param runId the run; positive
     * @param timeout how long to try (retries included); positive
     * @return a line for the build log: the cancel was requested, or the run may still be running and why
     */
    public CompletableFuture<String> cancelRun(DatabricksClient client, long runId, Duration timeout) {
        return cancelRun(engine, client, runId, timeout);
    }

    static CompletableFuture<String> cancelRun(PollEngine engine, DatabricksClient client, long runId,
            Duration timeout) {
        ScheduledExecutorService scheduler = engine.scheduler;
        Checks.positive(runId, "runId");
        Checks.timeout(timeout, "timeout");
        CompletableFuture<Object> sent = client.sendAsync(Transport.Request.json("POST", Jobs.BASE + "runs/cancel",
                List.of(), Map.of("run_id", runId), true), scheduler, engine.blocking);
        CompletableFuture<String> said = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (said.complete("Run " + runId + " may still be running: the cancel request got no answer within "
                    + timeout)) {
                sent.cancel(false);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        sent.whenComplete((answer, error) -> {
            timer.cancel(false);
            said.complete(error == null ? "Asked Databricks to cancel run " + runId
                    : "Run " + runId + " may still be running: cancelling it failed: " + error.getMessage());
        });
        return said;
    }

    /** @return the waits registered and not yet ended */
    public int activeWaits() {
        int n = 0;
        for (PollEngine.Group g : engine.groups.values()) {
            synchronized (g) {
                n += g.entries.size();
            }
        }
        return n;
    }

    /**
     * What the waits cost so far.
     *
     * @param cycles poll cycles that sent at least one request (a cycle serves every due wait of a workspace)
     * @param listings listing pages requested (runs/list, clusters/list)
     * @param reads single reads (runs/get, clusters/get)
     */
    public record Counts(long cycles, long listings, long reads) {
    }

    /** @return what the waits cost so far */
    public Counts counts() {
        return new Counts(engine.cycles.sum(), engine.listings.sum(), engine.reads.sum());
    }

    /**
     * A registered wait.
     *
     * @param <R> what it ends with
     * @param <W> what it persists
     */
    public interface Handle<R, W extends Serializable> {
        /** @return completes with the wait's end, on a scheduler thread */
        CompletableFuture<R> result();

        /** @return what to persist now: registering it again resumes this wait where it is */
        W checkpoint();

        /**
         * Stops waiting (the result fails with a {@link CancellationException}); for a run, also asks
         * Databricks to cancel it, as {@link Waiter#cancelRun}, and for a statement likewise. A cluster keeps
         * starting.
         *
         * @param timeout how long the cancel request may take; positive
         * @return a line for the build log, once the cancel was requested or given up on; never fails
         */
        CompletableFuture<String> cancel(Duration timeout);

        /**
         * Stops polling without sending anything (the JVM is going down; the wait resumes from the checkpoint).
         * The result fails with a {@link CancellationException}.
         *
         * @return the checkpoint
         */
        W detach();
    }

    /** Configures a {@link Waiter}. */
    public static final class Builder {
        private final ScheduledExecutorService scheduler;
        private java.util.concurrent.Executor blocking;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /**
         * @param clock what deadlines and due times are measured on; it must move with the scheduler's delays.
         *              Default: the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param blocking runs what must block before a poll can be sent: fetching or refreshing an OAuth token
         *                 (about once an hour per service principal). Default: none, the scheduler runs it
         * @return this builder
         */
        public Builder blockingExecutor(java.util.concurrent.Executor blocking) {
            this.blocking = Objects.requireNonNull(blocking, "blocking");
            return this;
        }

        /**
         * @param random the jitter source: numbers from 0 to 1 (default: random)
         * @return this builder
         */
        public Builder jitter(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @return the waiter */
        public Waiter build() {
            return new Waiter(this);
        }
    }

    /** @return the groups (kind, host and principal) that have waits, for tests */
    int groups() {
        return engine.groups.size();
    }
}
