package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.jobs.Jobs;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.RunTracker;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** A wait for a job run to end ({@link Waiter#waitForRun}). */
final class RunEntry extends WaitEntry<RunOutcome, RunWait> {
    private final RunTracker tracker;

    RunEntry(PollEngine engine, DatabricksClient client, RunWait wait, ProgressListener listener) {
        super(engine, client, listener, wait.timeout(), wait.deadline());
        this.tracker = new RunTracker(wait.runId(), wait.lastState());
    }

    @Override
    PollEngine.Kind kind() {
        return PollEngine.Kind.RUNS;
    }

    @Override
    Object id() {
        return tracker.runId();
    }

    @Override
    Transport.Request readRequest() {
        return Transport.Request.json("GET", Jobs.BASE + "runs/get",
                List.of(Map.entry("run_id", String.valueOf(tracker.runId()))), null, true);
    }

    @Override
    String readName() {
        return "runs/get";
    }

    @Override
    boolean stillMoving(Map<String, Object> listed) {
        return !RunTracker.terminal(Jobs.outcome(tracker.runId(), listed));
    }

    @Override
    long startTime() {
        return tracker.startTime();
    }

    @Override
    void observe(Map<String, Object> run, boolean read, PollEngine.Cycle cycle) {
        if (ended || result.isDone()) {
            return;
        }
        RunOutcome now = tracker.observe(run, lines);
        if (RunTracker.terminal(now)) {
            finish(now);
        } else {
            next(cycle);
        }
    }

    @Override
    void readFailed(Throwable error, PollEngine.Cycle cycle) {
        fail(error instanceof DatabricksException && ((DatabricksException) error).isNotFound()
                ? tracker.gone((DatabricksException) error) : error);
    }

    @Override
    DatabricksException timeoutException() {
        return tracker.timeout(timeout);
    }

    @Override
    public RunWait checkpoint() {
        synchronized (group) {
            return new RunWait(tracker.runId(), timeout, deadlineInstant,
                    tracker.lastReported());
        }
    }

    @Override
    public CompletableFuture<String> cancel(Duration timeout) {
        Checks.timeout(timeout, "timeout");
        if (!stop()) {
            return CompletableFuture.completedFuture("Run " + tracker.runId() + " is no longer waited for;"
                    + " nothing to cancel");
        }
        result.completeExceptionally(new CancellationException("the wait for run " + tracker.runId()
                + " was cancelled"));
        return Waiter.cancelRun(engine, client, tracker.runId(), timeout);
    }
}
