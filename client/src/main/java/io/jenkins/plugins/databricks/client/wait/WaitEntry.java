package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One registered wait of a {@link PollEngine}: its deadline, its poll schedule and how it ends. Its fields are
 * guarded by its group. A kind of wait says what it reads, what a listed object means, and how it ends.
 */
abstract class WaitEntry<R, W extends Serializable> implements Waiter.Handle<R, W> {
    final PollEngine engine;
    final DatabricksClient client;
    final ProgressListener listener;
    final CompletableFuture<R> result = new CompletableFuture<>();
    final Duration timeout;
    final long deadline;
    final java.time.Instant deadlineInstant;
    PollEngine.Group group;
    int poll;
    long nextDue;
    /** How early the wait may be polled with others: the jitter of its last delay. */
    long window;
    boolean inFlight;
    /** Finished or failed; its result may complete a moment later, in a task of its own. */
    boolean ended;

    WaitEntry(PollEngine engine, DatabricksClient client, ProgressListener listener, Duration timeout,
            java.time.Instant deadline) {
        this.engine = engine;
        this.client = client;
        this.listener = listener;
        this.timeout = timeout;
        this.deadline = deadline.toEpochMilli();
        this.deadlineInstant = deadline;
        this.lines = line -> deliver(() -> listener.progress(line));
    }

    abstract PollEngine.Kind kind();

    abstract Object id();

    abstract Transport.Request readRequest();

    abstract String readName();

    /** Whether a listed object is one still on its way (else it is read to get its final form). */
    abstract boolean stillMoving(Map<String, Object> listed);

    long startTime() {
        return -1;
    }

    /** Looks at the object and ends the wait or schedules its next poll. Guarded by the group. */
    abstract void observe(Map<String, Object> object, boolean read, PollEngine.Cycle cycle);

    /** Guarded by the group. */
    void readFailed(Throwable error, PollEngine.Cycle cycle) {
        fail(error);
    }

    /**
     * Guarded by the group: fails at the deadline, else polls again after the schedule's next delay, counted
     * from the start of the cycle that saw it.
     */
    void next(PollEngine.Cycle cycle) {
        long now = engine.clock.millis();
        if (now >= deadline) {
            fail(timeoutException());
            return;
        }
        Duration delay = client.pollSchedule().delay(++poll, cycle.jitter);
        long delayMillis = Math.max(1, delay.toMillis());
        nextDue = Math.min(cycle.start + delayMillis, deadline);
        window = delayMillis / 11;
    }

    abstract DatabricksException timeoutException();

    void finish(R value) {
        synchronized (group) {
            ended = true;
            group.remove(this);
            deliver(() -> result.complete(value));
        }
    }

    void fail(Throwable error) {
        synchronized (group) {
            ended = true;
            group.remove(this);
            deliver(() -> result.completeExceptionally(error));
        }
    }

    /**
     * Guarded by the group: runs {@code r} once the lock is let go, after the lines before it, or in a task of
     * its own when no answer is being processed: listeners and callbacks never run under a group's lock.
     */
    void deliver(Runnable r) {
        if (group.outbox != null) {
            group.outbox.add(r);
            return;
        }
        try {
            engine.scheduler.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    /** What the trackers report to: the wait's listener, once the lock is let go. */
    final ProgressListener lines;

    boolean stop() {
        synchronized (group) {
            boolean active = group.entries.contains(this);
            group.remove(this);
            return active;
        }
    }

    @Override
    public CompletableFuture<R> result() {
        return result;
    }

    @Override
    public W detach() {
        stop();
        result.completeExceptionally(new CancellationException("stopped waiting; resume from the checkpoint"));
        return checkpoint();
    }
}
